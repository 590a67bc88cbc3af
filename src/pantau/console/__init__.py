"""The console: server-rendered pages where analysts, supervisors, auditors and platform teams work.

`pantau.console.routes.router` is the FastAPI router `pantau.api.app.create_app` includes. Pages are
Jinja2 templates with autoescape on everywhere (listing text is written by the people we act
against), every asset is served by pantau itself (ministries run air-gapped), and every response
carries a strict Content-Security-Policy with no inline script.
"""

from pathlib import Path

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
LOCALE_DIR = HERE / "locale"

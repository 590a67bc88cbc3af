"""`pantau serve`: the API and the console over uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from pantau.cli.common import handles_errors


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("serve")(serve)


@handles_errors
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(help="worker processes (each builds its own engine)")] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
) -> None:
    """Serve the HTTP API (/api/v1, /openapi.json, /healthz) and the console."""
    import uvicorn

    # a factory, so each worker process builds its engine after the fork, never at import
    uvicorn.run("pantau.api.app:serve_app", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, access_log=False)

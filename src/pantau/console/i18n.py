"""Translations: Bahasa Indonesia by default, English on request.

Message ids in templates and code are English; `locale/id/LC_MESSAGES/messages.po` translates them.
The .po catalogs are compiled to gettext translations in memory on first use (Babel's own .mo
writer), so a stale or missing .mo can never show an old text; `python -m pantau.console.i18n`
also writes the .mo files for tools that want them.

After changing a text in a template or page, refresh the catalogs (a test fails on a message
without an Indonesian translation):

    .venv/bin/pybabel extract -F src/pantau/console/locale/babel.cfg -k _ -k tr:2 -o /tmp/console.pot .
    .venv/bin/pybabel update -i /tmp/console.pot -d src/pantau/console/locale -D messages
    (translate the new entries in locale/id/LC_MESSAGES/messages.po)
    .venv/bin/python -m pantau.console.i18n
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from pantau.console import LOCALE_DIR

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT = "id"


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


@cache
def translations(lang: str) -> NullTranslations:
    if lang not in LANGUAGES:
        lang = DEFAULT
    po = _po_path(lang)
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf)


def compile_all() -> list[str]:
    """Write messages.mo beside each messages.po; returns the files written."""
    written = []
    for lang in LANGUAGES:
        po = _po_path(lang)
        if po.is_file():
            with po.open("rb") as f:
                catalog = read_po(f, locale=lang)
            mo = po.with_suffix(".mo")
            with mo.open("wb") as f:
                write_mo(f, catalog)
            written.append(str(mo))
    return written


if __name__ == "__main__":  # pragma: no cover - build helper
    for path in compile_all():
        print(path)

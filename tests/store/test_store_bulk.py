"""pantau.store.bulk: what PostgreSQL cannot store is replaced and said, nothing else is touched."""

from __future__ import annotations

import json

from pantau.store.bulk import STAGE_COLUMNS, copy_rows, strip_nul


def test_strip_nul_replaces_nul_everywhere_and_says_so() -> None:
    value = {"a\x00": ["x\x00y", {"k": "\x00"}], "n": 1.5, "ok": "plain"}
    clean, changed = strip_nul(value)
    assert changed and clean == {"a\ufffd": ["x\ufffdy", {"k": "\ufffd"}], "n": 1.5, "ok": "plain"}
    assert value["ok"] == "plain" and "\x00" in value["a\x00"][0]  # the input is not modified
    same = {"t": "tab\tnew\nline back\\slash \\u0000 literal"}
    assert strip_nul(same) == (same, False)


def _row(**over: object) -> tuple:
    base = {name: None for name, _ in STAGE_COLUMNS}
    base.update(seq=0, platform="shopee", listing_id="1", seller_id="s", title="t", images=[], raw={},
                reasons=[], seller_links=[], image_matches=[])
    base.update(over)
    return tuple(base[name] for name, _ in STAGE_COLUMNS)


def test_copy_rows_serialises_json_and_flags_only_rows_with_nul() -> None:
    names = [n for n, _ in STAGE_COLUMNS]
    rows = [_row(title="no nul \\u0000 here", raw={"title": "no nul \\u0000 here"}),
            _row(seq=1, description="d\x00", raw={"description": "d\x00"}),
            _row(seq=2, reasons=[{"kind": "term", "text": "q\x00", "weight": 1.0, "detail": {}}])]
    out, flagged = copy_rows(rows)
    assert flagged == [1, 2]
    assert out[0][names.index("title")] == "no nul \\u0000 here"
    assert json.loads(out[0][names.index("raw")]) == {"title": "no nul \\u0000 here"}
    assert out[1][names.index("description")] == "d\ufffd"
    assert json.loads(out[1][names.index("raw")]) == {"description": "d\ufffd"}
    assert json.loads(out[2][names.index("reasons")])[0]["text"] == "q\ufffd"
    assert all("\x00" not in str(v) for row in out for v in row)

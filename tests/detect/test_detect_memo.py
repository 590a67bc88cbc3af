"""The detector's caches keep answers within their bounds (input is hostile)."""

from __future__ import annotations

from pantau.detect.normalise import Memo


def test_a_full_memo_keeps_what_it_has_and_stores_nothing_more() -> None:
    m: Memo[str, str] = Memo(str.upper, 2)
    m["mark"] = "MARK"  # an entry put in by hand stays
    assert [m[k] for k in ("a", "b", "c")] == ["A", "B", "C"]
    assert dict(m) == {"mark": "MARK", "a": "A"}


def test_a_memo_that_clears_when_full_starts_over() -> None:
    m: Memo[str, str] = Memo(str.upper, 2, clear_when_full=True)
    assert [m[k] for k in ("a", "b", "c")] == ["A", "B", "C"]
    assert dict(m) == {"c": "C"}


def test_long_keys_are_answered_but_not_kept() -> None:
    m: Memo[str, int] = Memo(len, 10, max_key_len=3)
    assert (m["abcd"], m["abc"]) == (4, 3)
    assert dict(m) == {"abc": 3}


def test_an_unbounded_memo_keeps_every_answer() -> None:
    m: Memo[int, int] = Memo(lambda k: k * k, None)
    assert sum(m[k] for k in range(1000)) == sum(k * k for k in range(1000)) and len(m) == 1000

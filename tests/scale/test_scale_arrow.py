"""Arrow conversion and shards: every engine must see the same Listings and write the same results."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.domain import Detection, ImageMatch, Reason, ScanResult, SellerLink, Verdict
from pantau.ingest.readers import read_listings
from pantau.ingest.records import ReadError
from pantau.scale.arrow import (
    RESULT_SCHEMA,
    batch_to_listings,
    batch_to_results,
    listing_dicts_to_batch,
    results_to_batch,
)
from pantau.scale.shards import plan_shards, read_shard
from pantau.synth import generate, write_jsonl, write_parquet

text = st.text(max_size=30)
reasons = st.builds(Reason, kind=st.sampled_from(["term", "model", "photo", "seller"]), text=text,
                    weight=st.floats(-10, 10, allow_nan=False),
                    detail=st.dictionaries(st.sampled_from(["term", "span", "form"]), st.text(max_size=8), max_size=2))
links = st.builds(SellerLink, platform=st.sampled_from(["shopee", "tokopedia"]), seller_id=text,
                  score=st.floats(0, 1), evidence=st.lists(text, max_size=3), known_offender=st.booleans(),
                  operator_id=st.none() | text)
matches = st.builds(ImageMatch, platform=st.just("lazada"), listing_id=text, distance=st.integers(0, 256),
                    photo=st.integers(0, 5), other_photo=st.integers(0, 5), taken_down=st.booleans())
results = st.builds(
    ScanResult, platform=st.just("shopee"), listing_id=text, seller_id=text,
    detection=st.builds(Detection, verdict=st.sampled_from(list(Verdict)), score=st.floats(0, 1),
                        reasons=st.lists(reasons, max_size=4), policy_version=text, model_hash=text),
    seller_links=st.lists(links, max_size=3), image_matches=st.lists(matches, max_size=3),
    errors=st.lists(text, max_size=2))


@settings(max_examples=60, deadline=None)
@given(st.lists(results, max_size=6))
def test_results_survive_the_arrow_round_trip_exactly(rs: list[ScanResult]) -> None:
    batch = results_to_batch(rs)
    assert batch.schema == RESULT_SCHEMA
    back = batch_to_results(pa.Table.from_batches([batch]))
    assert back == rs  # floats included: float64 all the way, so engines compare scores exactly


def test_unreadable_rows_keep_their_line_in_order() -> None:
    r = ScanResult("shopee", "1", "s", Detection(Verdict.BENIGN, 0.0))
    from pantau.ingest.records import to_listing

    li = to_listing({"platform": "shopee", "listing_id": "1", "title": "t", "seller": {"id": "s"}}, line=3)
    batch = results_to_batch([r], [li], None, [(1, "not valid JSON"), (5, "missing")])
    rows = batch.to_pylist()
    assert [x["line"] for x in rows] == [1, 3, 5]
    assert batch_to_results(batch)[0] == (1, "not valid JSON")


def test_listings_from_arrow_equal_the_local_readers(tmp_path: Path) -> None:
    rows = list(generate(300, seed=4, photos=True))
    rows[10] = {k: v for k, v in rows[10].items() if k != "title"}  # a row that is not a listing
    write_parquet(iter(rows), tmp_path / "c.parquet", row_group=100)
    local = list(read_listings(tmp_path / "c.parquet"))
    batch = listing_dicts_to_batch(rows, ("operator",))
    got, errors = batch_to_listings(batch, source=str(tmp_path / "c.parquet"), base_dir=str(tmp_path))
    assert next(e for e in local if isinstance(e, ReadError)).message == errors[0][1]
    assert [x for x in local if not isinstance(x, ReadError)] == got


def _key(x: object) -> tuple:
    if isinstance(x, ReadError):
        return ("error", x.line, x.message)
    return ("listing", x.line, x.key, x.title, x.description, x.seller, x.extra, x.base_dir)  # type: ignore[attr-defined]


def test_shards_read_exactly_what_the_local_reader_reads(tmp_path: Path) -> None:
    rows = list(generate(700, seed=9))
    write_jsonl(rows, tmp_path / "c.jsonl")
    lines = (tmp_path / "c.jsonl").read_bytes().split(b"\n")
    lines[3] = b"{not json"
    lines[40] = b""
    lines[41] = b'{"platform": "shopee", "listing_id": "x"}'
    lines[99] = b"\xff\xfe"
    lines[150] = b'{"pad": "' + b"x" * 9000 + b'"}'
    (tmp_path / "c.jsonl").write_bytes(b"\n".join(lines))
    write_parquet(iter(rows), tmp_path / "c.parquet", row_group=64)
    for name, kw in (("c.jsonl", {"shard_bytes": 5_000}), ("c.parquet", {"rows_per_shard": 100})):
        path = str(tmp_path / name)
        local = [_key(x) for x in read_listings(path, max_line_bytes=8192)]
        shards = plan_shards([path], **kw)
        assert len(shards) > 5
        assert [s.index for s in shards] == list(range(len(shards)))
        sharded = [_key(x) for s in shards for x in read_shard(s, max_line_bytes=8192)]
        assert sharded == local
        assert sum(k[0] == "error" for k in local) == (4 if name == "c.jsonl" else 0)


def test_parquet_with_oversized_row_groups_is_refused(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from pantau.errors import InputError
    from pantau.scale import shards

    write_parquet(generate(300, seed=1), tmp_path / "c.parquet", row_group=300)
    monkeypatch.setattr(shards, "MAX_ROW_GROUP_BYTES", 10_000)
    with pytest.raises(InputError, match="row group 0"):
        plan_shards([str(tmp_path / "c.parquet")])

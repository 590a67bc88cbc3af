"""The synthetic catalogue generator: seeded, streaming, bounded, realistic enough to benchmark."""

from __future__ import annotations

import collections
import itertools
import json
import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pantau.ingest.readers import read_listings
from pantau.ingest.records import ReadError
from pantau.synth import demo_corpus, generate, generator, write_jsonl, write_parquet


def test_same_seed_same_catalogue_other_seed_another() -> None:
    a = list(generate(400, seed=7))
    assert a == list(generate(400, seed=7))
    b = list(generate(400, seed=8))
    assert a != b
    # a prefix of a longer run is the shorter run: the stream does not depend on n
    assert list(generate(150, seed=7)) == a[:150]


def test_generate_is_lazy() -> None:
    it = generate(10**12, seed=1)  # would never finish if it built a list
    assert len(list(itertools.islice(it, 5))) == 5


def _peak(n: int) -> int:
    tracemalloc.start()
    try:
        for _ in generate(n, seed=3):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_memory_stays_flat_once_the_pools_are_full(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small pools so they fill quickly; after that, ten times more listings must not cost memory.
    monkeypatch.setattr(generator, "SELLER_POOL", 200)
    monkeypatch.setattr(generator, "OPERATOR_POOL", 20)
    small, large = _peak(2_000), _peak(20_000)
    assert large < small * 1.3 + 200_000, (small, large)


def test_mix_has_a_small_violating_share_and_recreated_accounts() -> None:
    rows = list(generate(6_000, seed=11))
    labels = collections.Counter(r["label"] for r in rows)
    assert 0.03 < labels["violating"] / len(rows) < 0.10
    assert labels["benign"] > 0.8 * len(rows) and labels["ambiguous"] > 0
    assert len({r["platform"] for r in rows}) >= 6
    assert any("obfuscated" in r["tags"] for r in rows) and any("hard-negative" in r["tags"] for r in rows)
    # an operator whose account was taken down comes back under another seller id
    by_op: dict[str, set[str]] = collections.defaultdict(set)
    taken: set[str] = set()
    for r in rows:
        if "operator" in r:
            by_op[r["operator"]].add(f'{r["platform"]}/{r["seller"]["id"]}')
            if "taken_down_at" in r:
                taken.add(r["operator"])
    assert any(len(by_op[op]) >= 2 for op in taken)
    assert any("recidivist" in r["tags"] for r in rows)


def test_written_files_read_back_with_the_product_readers(tmp_path: Path) -> None:
    rows = list(generate(1_200, seed=5, photos=True))
    write_jsonl(rows, tmp_path / "c.jsonl")
    write_parquet(iter(rows), tmp_path / "c.parquet", row_group=500)
    assert pq.ParquetFile(tmp_path / "c.parquet").metadata.num_row_groups == 3
    from_jsonl = list(read_listings(tmp_path / "c.jsonl"))
    from_parquet = list(read_listings(tmp_path / "c.parquet"))
    assert not any(isinstance(x, ReadError) for x in from_jsonl + from_parquet)
    for a, b in zip(from_jsonl, from_parquet, strict=True):
        assert (a.key, a.title, a.description, a.seller, a.images, a.taken_down_at, a.extra) == \
            (b.key, b.title, b.description, b.seller, b.images, b.taken_down_at, b.extra)


@pytest.mark.slow
def test_synth_command_writes_photos_the_listings_name(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pantau.cli.main import app

    res = CliRunner().invoke(app, ["synth", "--n", "300", "--seed", "2", "--out", str(tmp_path / "out" / "c.jsonl"),
                                   "--photos", str(tmp_path / "out" / "pics")])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in (tmp_path / "out" / "c.jsonl").read_text().splitlines()]
    assert len(rows) == 300
    for r in rows:
        for img in r["images"]:
            assert (tmp_path / "out" / img).is_file(), img
    bad = CliRunner().invoke(app, ["synth", "--n", "3", "--out", str(tmp_path / "c.txt")])
    assert bad.exit_code == 2


def test_demo_corpus_rebuilds_byte_for_byte(tmp_path: Path) -> None:
    info = demo_corpus.build(tmp_path)
    bundled = demo_corpus.DEMO_DIR
    assert (tmp_path / "listings.jsonl").read_bytes() == (bundled / "listings.jsonl").read_bytes()
    names = sorted(p.name for p in (tmp_path / "photos").iterdir())
    assert names == sorted(p.name for p in (bundled / "photos").iterdir())
    for n in names:
        assert (tmp_path / "photos" / n).read_bytes() == (bundled / "photos" / n).read_bytes()
    assert info["photo_bytes"] < 3 * 1024 * 1024
    assert 250 <= info["listings"] <= 400


def test_demo_corpus_has_recreated_accounts_sharing_contacts_and_photos() -> None:
    rows = [json.loads(x) for x in (demo_corpus.DEMO_DIR / "listings.jsonl").read_text().splitlines()]
    items = list(read_listings(demo_corpus.DEMO_DIR / "listings.jsonl"))
    assert not any(isinstance(x, ReadError) for x in items)
    ops: dict[str, list[dict]] = collections.defaultdict(list)
    for r in rows:
        if "operator" in r:
            ops[r["operator"]].append(r)
        for img in r.get("images", []):
            assert (demo_corpus.DEMO_DIR / img).is_file()
    assert len(ops) >= 4
    for listings in ops.values():
        sellers = {r["seller"]["id"] for r in listings}
        assert len(sellers) >= 2  # re-created at least once
        assert any("taken_down_at" in r for r in listings)
        # photos re-used across accounts: the same base picture, originals and edited copies
        bases = collections.defaultdict(set)
        for r in listings:
            for img in r.get("images", []):
                bases[img.rsplit("-", 1)[0]].add(r["seller"]["id"])
        assert any(len(s) >= 2 for s in bases.values())

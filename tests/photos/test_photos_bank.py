"""The hash bank: exact radius search, duplicates, persistence, swaps without blocking readers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.photos.bank import BankEntry, BankFileError, PhotoBank
from pantau.photos.index import (
    ChunkIndex,
    build_flat,
    build_multihash,
    chunk_flips,
    guaranteed_radius,
    range_search,
)
from pantau.photos.pdq import hamming


def random_codes(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, 32), dtype=np.uint8)


def flip(code: np.ndarray, bits: list[int]) -> np.ndarray:
    b = np.unpackbits(code.copy())
    b[bits] ^= 1
    return np.packbits(b)


def entry(code: np.ndarray, listing: str, photo: int = 0, taken_down: bool = True) -> BankEntry:
    return BankEntry(code.tobytes().hex(), "shopee", listing, photo, taken_down)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), radius=st.sampled_from([0, 8, 15, 16, 31, 32, 47]),
       nflips=st.integers(0, 60), n=st.sampled_from([1, 300, 3000]),
       nchunks=st.sampled_from([None, 13, 16, 32]))
def test_multihash_finds_exactly_what_brute_force_finds(seed: int, radius: int, nflips: int, n: int,
                                                         nchunks: int | None) -> None:
    codes = random_codes(n, seed)
    rng = np.random.default_rng(seed + 1)
    # queries near stored codes (at nflips bits) and random ones
    near = np.stack([flip(codes[i % n], list(rng.choice(256, nflips, replace=False))) for i in range(5)])
    queries = np.concatenate([near, random_codes(3, seed + 2)])
    mih = range_search(build_multihash(codes), queries, radius)
    truth = hamming(codes[None, :, :], queries[:, None, :])
    expected = {(q, i) for q, i in zip(*np.nonzero(truth <= radius), strict=True)}
    assert set(zip(mih.query.tolist(), mih.ids.tolist(), strict=True)) == expected
    assert all(truth[q, i] == d for q, i, d in zip(mih.query, mih.ids, mih.distances, strict=True))
    flat = range_search(build_flat(codes), queries, radius)
    assert set(zip(flat.query.tolist(), flat.ids.tolist(), strict=True)) == expected
    ours = range_search(ChunkIndex(codes, nchunks), queries, radius, base=7)
    assert sorted(zip(ours.query.tolist(), ours.ids.tolist(), strict=True)) == sorted(
        (q, i + 7) for q, i in expected), "each neighbour once, ids offset by base"
    assert all(truth[q, i - 7] == d for q, i, d in zip(ours.query, ours.ids, ours.distances, strict=True))


def test_add_and_search_closest_first() -> None:
    codes = random_codes(50)
    bank = PhotoBank(threshold=31)
    bank.add([entry(c, f"L{i}", taken_down=i % 2 == 0) for i, c in enumerate(codes)])
    assert len(bank) == 50
    hits = bank.search(flip(codes[7], [1, 2, 3]))
    assert [(h.listing_id, h.distance, h.taken_down) for h in hits] == [("L7", 3, False)]
    assert bank.search(flip(codes[8], list(range(40)))) == []
    assert bank.search(flip(codes[8], list(range(40))), threshold=40)[0].listing_id == "L8"


def test_same_photo_is_banked_once_and_upgraded_to_taken_down() -> None:
    code = random_codes(1)[0]
    bank = PhotoBank()
    assert len(bank.add([entry(code, "A", taken_down=False)])) == 1
    assert bank.add([entry(code, "A", taken_down=False)]) == []
    assert len(bank.add([entry(code, "A", taken_down=True)])) == 1
    assert len(bank) == 1 and bank.search(code)[0].taken_down
    bank.add([entry(code, "B")])  # the same hash from another listing is its own entry
    assert sorted(h.listing_id for h in bank.search(code)) == ["A", "B"]


def test_delta_is_folded_in_by_rebuild_and_search_sees_both() -> None:
    codes = random_codes(120, 3)
    bank = PhotoBank(delta_limit=50)
    bank.add([entry(c, f"L{i}") for i, c in enumerate(codes[:40])])
    assert bank.stats()["indexed"] == 0 and bank.stats()["pending_rebuild"] == 40
    bank.add([entry(c, f"L{i}") for i, c in enumerate(codes[40:], start=40)])  # passes the limit
    assert bank.stats()["pending_rebuild"] == 0 and bank.stats()["indexed"] == 120
    bank.add([entry(codes[0], "extra")])
    assert {h.listing_id for h in bank.search(codes[0])} == {"L0", "extra"}
    for i in (5, 60, 119):
        assert bank.search(codes[i])[0].listing_id == f"L{i}"


def test_searches_keep_answering_while_entries_are_added_and_rebuilt() -> None:
    codes = random_codes(2000, 4)
    bank = PhotoBank(delta_limit=100)
    bank.add([entry(c, f"L{i}") for i, c in enumerate(codes[:200])])
    errors: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            hits = bank.search(codes[10])
            if not hits or hits[0].listing_id != "L10":
                errors.append(f"lost L10: {hits}")

    t = threading.Thread(target=reader)
    t.start()
    try:
        for lo in range(200, 2000, 150):
            bank.add([entry(c, f"L{i}") for i, c in enumerate(codes[lo:lo + 150], start=lo)])
        bank.rebuild()
    finally:
        stop.set()
        t.join()
    assert errors == []
    assert len(bank) == 2000 and bank.search(codes[1999])[0].listing_id == "L1999"


def test_snapshot_round_trip(tmp_path: Path) -> None:
    codes = random_codes(30, 5)
    bank = PhotoBank(threshold=25)
    when = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    bank.add([BankEntry(c.tobytes().hex(), "tokopedia", f"T{i}", i % 3, i % 2 == 0, 60 + i, when, "test")
              for i, c in enumerate(codes)])
    path = tmp_path / "bank" / "photos.bank"
    bank.save(path)
    again = PhotoBank.load(path)
    assert list(again.entries()) == list(bank.entries())
    assert again.threshold == 25
    assert again.stats() | {"indexed": 0, "pending_rebuild": 0} == bank.stats() | {"indexed": 0,
                                                                                     "pending_rebuild": 0}
    assert again.stats()["pending_rebuild"] == 0, "a loaded bank is fully indexed"
    assert again.search(codes[4])[0].listing_id == "T4"
    assert [p.name for p in path.parent.iterdir()] == ["photos.bank"], "no temporary file left behind"


def test_unreadable_snapshot_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.bank"
    bad.write_bytes(b"not numpy")
    with pytest.raises(BankFileError, match=r"x\.bank"):
        PhotoBank.load(bad)


def test_bulk_codes() -> None:
    codes = random_codes(500, 6)
    bank = PhotoBank()
    bank.add_codes(codes, "other", [f"R{i}" for i in range(500)])
    assert bank.search(codes[321])[0].listing_id == "R321"
    assert bank.stats()["taken_down"] == 500


def test_chunk_index_built_in_several_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    from pantau.photos import index

    monkeypatch.setattr(index, "BUILD_BATCH", 64)
    codes = random_codes(1000, 8)
    ci = ChunkIndex(codes)
    hits = ci.range_search(np.stack([flip(codes[i], [i % 256, (i * 7) % 256]) for i in (0, 500, 999)]), 31)
    assert sorted(zip(hits.query.tolist(), hits.ids.tolist(), strict=True)) == [(0, 0), (1, 500), (2, 999)]


def test_probe_plan_follows_the_refined_pigeonhole() -> None:
    # 11 chunks at radius 31: ten chunks probed with 2 flips, the last with 1 (33 - 1 = 32 > 31)
    assert chunk_flips(11, 31) == [2] * 10 + [1]
    assert guaranteed_radius(chunk_flips(11, 31)) == 31
    assert chunk_flips(16, 31) == [1] * 16
    assert chunk_flips(11, 0) == [0] + [-1] * 10, "an exact duplicate agrees on every chunk"
    for m in (11, 13, 16, 22, 32):
        for r in range(0, 64):
            assert guaranteed_radius(chunk_flips(m, r)) >= r


def test_light_search_is_exact_to_its_radius_and_never_reports_more() -> None:
    codes = random_codes(3000, 9)
    # 13 chunks (a bank of about a million): six probed with 2 flips, seven with 1; the 11 chunks
    # of a 10M bank behave alike but need 2**24-entry tables (700 MB), too big for a unit test
    ci = ChunkIndex(codes, 13)
    assert ci.flips(31) == [2] * 6 + [1] * 7 and ci.light_radius(31) == 25
    rng = np.random.default_rng(10)
    queries = np.stack([flip(codes[i], list(rng.choice(256, k, replace=False)))
                        for i, k in zip(range(0, 3000, 60), range(0, 50), strict=False)])
    exact = ci.range_search(queries, 31)
    light = ci.range_search(queries, 31, light=slice(None))
    exact_set = set(zip(exact.query.tolist(), exact.ids.tolist(), exact.distances.tolist(), strict=True))
    light_set = set(zip(light.query.tolist(), light.ids.tolist(), light.distances.tolist(), strict=True))
    assert light_set <= exact_set
    assert {x for x in exact_set if x[2] <= 25} <= light_set, "exact up to the light radius"
    # (past it, these random neighbours at 26-31 bits are still found: each has a chunk off by <= 1)
    # a neighbour at 26 bits differing in 2 bits of every chunk is beyond a light search...
    starts = np.concatenate([[0], np.cumsum(ci.widths)[:-1]])
    far = flip(codes[5], [int(s) + k for s in starts for k in (0, 1)])
    assert int(hamming(far, codes[5])) == 26
    assert 5 not in ci.range_search(far[None, :], 31, light=[0]).ids.tolist()
    # ...and found by the exact search, and through the bank's exact mode
    assert 5 in ci.range_search(far[None, :], 31).ids.tolist()


def test_bank_searches_the_upright_hash_exactly_and_variants_light() -> None:
    from pantau.photos.pdq import PhotoHash

    n = 200_000  # enough for chunks of 18 bits, where light and exact searches differ
    codes = random_codes(n, 11)
    bank = PhotoBank(threshold=31)
    bank.add_codes(codes, "other", [f"R{i}" for i in range(n)])
    main = bank._gen.main
    assert main.nchunks == 15 and main.light_radius(31) == 29
    starts = np.concatenate([[0], np.cumsum(main.widths)[:-1]])
    far = flip(codes[7], [int(s) + k for s in starts for k in (0, 1)])  # 2 bits in every chunk
    other = random_codes(16, 12)
    upright = np.concatenate([far[None, :], other[1:]])
    mirrored = np.concatenate([other[:1], far[None, :], other[2:]])
    assert int(hamming(far, codes[7])) == 30
    for variants, light_finds in ((upright, True), (mirrored, False)):
        ph = PhotoHash(variants[0].tobytes().hex(), 100, variants)
        assert any(h.listing_id == "R7" for h in bank.search(ph)) == light_finds
        assert bank.search(ph, exact=True)[0].listing_id == "R7"
        assert PhotoBank(exact=True).exact

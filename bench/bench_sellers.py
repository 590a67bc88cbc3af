"""Benchmark: incremental seller linkage of a batch of new sellers against a big generated store.

    .venv/bin/python bench/bench_sellers.py --store 1000000 --new 10000

Builds an in-memory seller index of --store generated sellers the way `load_linker` does (bulk
postings, one freeze), then links --new generated listings of new sellers through the full path a
scan takes (extraction, re-indexing, candidate scoring, operators). A tenth of the new sellers are
planted re-created accounts of taken-down store sellers: half carry the phone over written another
way, half carry only a distinctive sentence, the city and the timing. The same new batch is also
linked against a small store (--baseline-store) for the ratio. Prints a Markdown table.

Everything is generated here (random syllable words, no corpus text); figures depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import time
from datetime import UTC, datetime, timedelta

import numpy as np

from pantau.domain import Listing, Seller
from pantau.sellers import Linker
from pantau.sellers.features import BRANDS, LINES, text_keys
from pantau.sellers.index import SellerIndex, SellerRecord
from pantau.sellers.keyindex import key_hash
from pantau.sellers.regions import place_of
from pantau.sellers.text import place_words, skeleton

CITIES = ["Kota Bandung", "Kab. Bandung", "Kota Medan", "Kota Surabaya", "Kota Makassar", "Kota Semarang",
          "Kota Malang", "Kota Padang", "Kota Denpasar", "Kota Pontianak", "Kab. Kubu Raya", "Kota Bekasi",
          "Kota Depok", "Kota Bogor", "Kota Tangerang", "Jakarta Timur", "Jakarta Barat", "Jakarta Selatan",
          "Kota Batam", "Kota Pekanbaru", "Kota Palembang", "Kota Balikpapan", "Kota Samarinda", "Kota Manado",
          "Kota Yogyakarta", "Kab. Sleman", "Kota Surakarta", "Kota Cirebon", "Kab. Cirebon", "Kota Mataram"]
SYL = [c + v for c in "bcdfghjklmnprstwy" for v in "aiueo"]  # 85 syllables: 614k three-syllable words
STOCK = ["grosir dan eceran", "bisa kirim ke seluruh indonesia", "no retur kecuali salah kirim",
         "cek foto detail ya kak", "harga bisa nego", "ready stock siap kirim", "fast respon"]
DAY0 = datetime(2022, 1, 1, tzinfo=UTC)
EPOCH_DAY0 = (DAY0.date() - datetime(1970, 1, 1).date()).days  # generated days count from DAY0


def word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(SYL) for _ in range(n))


def phone_of(i: int) -> str:
    return f"+62812{i:08d}"


def build_store(n: int, rng: random.Random, planted: int) -> tuple[SellerIndex, dict[int, dict]]:
    """n generated sellers; the first `planted` are taken-down offenders with a known sentence."""
    index = SellerIndex()
    vocab = [word(rng, rng.choice((2, 3, 4))) for _ in range(20_000)]
    zipf = np.minimum(np.random.default_rng(1).zipf(1.3, size=2 * n) - 1, len(vocab) - 1)
    pool = [f"{word(rng)} {word(rng)} {rng.choice(STOCK)} {word(rng)}" for _ in range(300)]
    pool_keys = [np.array([key_hash(k) for k in text_keys(s)], dtype=np.int64) for s in pool]
    places = [place_of(c) for c in CITIES]
    brand_list, line_list = sorted(BRANDS), sorted(LINES)
    brand_h = np.array([key_hash(f"brand:{b}") for b in brand_list], dtype=np.int64)
    line_h = np.array([key_hash(f"line:{x}") for x in line_list], dtype=np.int64)
    hashes: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    offenders: dict[int, dict] = {}
    for i in range(n):
        t1, t2 = vocab[zipf[2 * i]], vocab[zipf[2 * i + 1]]
        city = i % len(places)
        joined = 300 + (i * 7919) % 1200
        taken = joined + 200 if i < planted or rng.random() < 0.03 else None
        rec = SellerRecord("shopee", f"s{i}", f"{t1.title()} {t2.title()} Store", places[city], EPOCH_DAY0 + joined,
                           EPOCH_DAY0 + joined, None if taken is None else EPOCH_DAY0 + taken)
        sid = index.add_record(rec)
        keys = [key_hash(f"phone:{phone_of(i)}"), key_hash(f"name:{t1}"), key_hash(f"name:{t2}"),
                key_hash(f"nsk:{skeleton(t1)}"), key_hash(f"nsk:{skeleton(t2)}")]
        arr = [np.array(keys, dtype=np.int64), pool_keys[(i * 31) % 300], pool_keys[(i * 17 + 5) % 300],
               brand_h[[i % len(brand_h), (i * 3) % len(brand_h)]], line_h[[i % len(line_h)]]]
        if i < planted:
            sentence = f"stok {word(rng)} {word(rng)} datang tiap {word(rng)} dari {word(rng)} {word(rng)}"
            arr.append(np.array([key_hash(k) for k in text_keys(sentence)], dtype=np.int64))
            offenders[sid] = {"sentence": sentence, "city": CITIES[city], "taken": taken, "phone": phone_of(i)}
        else:  # a distinctive sentence of its own: unique keys, nobody else holds them
            arr.append(np.frombuffer(rng.randbytes(8 * 10), dtype=np.int64))
        h = np.concatenate(arr)
        hashes.append(h)
        owners.append(np.full(len(h), sid, dtype=np.int32))
        if len(hashes) >= 50_000:
            index.postings.add_bulk(np.concatenate(hashes), np.concatenate(owners))
            hashes, owners = [], []
    if hashes:
        index.postings.add_bulk(np.concatenate(hashes), np.concatenate(owners))
    index.postings.freeze()
    return index, offenders


def spelled(e164: str) -> str:
    words = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
    return " ".join(words[int(d)] for d in "0" + e164[3:])


def new_listings(m: int, offenders: dict[int, dict], rng: random.Random, store: int) -> tuple[list[Listing], dict]:
    out, truth = [], {}
    plant = list(offenders.items())[: m // 10]
    for k in range(m):
        sid = f"n{k}"
        city = CITIES[rng.randrange(len(CITIES))]
        joined = DAY0 + timedelta(days=rng.randrange(300, 1600))
        shop = f"{rng.choice(STOCK)}. {word(rng)} {word(rng)} {word(rng)}. WA 0857{store + k:08d}"
        if k < len(plant):
            osid, o = plant[k]
            truth[sid] = osid
            joined = DAY0 + timedelta(days=o["taken"] + rng.randrange(1, 20))
            city = o["city"]
            if k % 2:
                shop = f"{rng.choice(STOCK)}. admin: {spelled(o['phone'])}"
            else:
                shop = f"{rng.choice(STOCK)}. {o['sentence']}."
        out.append(Listing(platform="lazada", listing_id=f"L{k}", title=f"Jaket {word(rng)}",
                           description=f"{word(rng)} {word(rng)} kondisi 90%", price=rng.randrange(20, 900) * 1000,
                           seller=Seller(id=sid, name=f"{word(rng).title()} {word(rng).title()}", location=city,
                                         joined=joined.date().isoformat(), description=shop),
                           observed_at=joined + timedelta(days=2)))
    return out, truth


def run(store: int, new: int, seed: int) -> dict:
    rng = random.Random(seed)
    place_words()
    t, c = time.perf_counter(), time.process_time()
    index, offenders = build_store(store, rng, planted=max(new // 10, 1))
    build, build_cpu = time.perf_counter() - t, time.process_time() - c
    gc.collect()
    rss_store = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    listings, truth = new_listings(new, offenders, rng, store)
    linker = Linker(index=index)
    t, c = time.perf_counter(), time.process_time()
    found = 0
    false = 0
    for i in range(0, len(listings), 1000):
        batch = listings[i:i + 1000]
        for listing, links in zip(batch, linker.link(batch, []), strict=True):
            want = truth.get(listing.seller.id)
            got = {index.ids[f"{x.platform}/{x.seller_id}"] for x in links}
            found += int(want in got)
            false += len(got - {want})
    link_s, link_cpu = time.perf_counter() - t, time.process_time() - c
    return {"store": store, "new": new, "build_s": build, "build_cpu": build_cpu, "link_s": link_s,
            "per_10k_s": link_s * 10_000 / new, "per_10k_cpu": link_cpu * 10_000 / new,
            "planted": len(truth), "found": found, "false_links": false,
            "postings_mb": index.postings.nbytes / 2**20, "rss_mb": resource.getrusage(
                resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_after_store_mb": rss_store}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=int, default=1_000_000)
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--baseline-store", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    base = run(a.baseline_store, a.new, a.seed)
    big = run(a.store, a.new, a.seed)
    print("| store sellers | new sellers | build index: wall / CPU (s) | per 10k new: wall / CPU (s) | "
          "planted found | other links | postings (MB) | peak RSS (MB) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in (base, big):
        print(f"| {r['store']:,} | {r['new']:,} | {r['build_s']:.1f} / {r['build_cpu']:.1f} | "
              f"{r['per_10k_s']:.1f} / {r['per_10k_cpu']:.1f} | {r['found']}/{r['planted']} | {r['false_links']} | "
              f"{r['postings_mb']:.0f} | {r['rss_mb']:.0f} |")
    print(f"\nratio per 10k new (CPU), {a.store:,} vs {a.baseline_store:,} store: "
          f"{big['per_10k_cpu'] / base['per_10k_cpu']:.2f}x")


if __name__ == "__main__":
    main()

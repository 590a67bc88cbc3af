"""Photo matching benchmark: robustness to edits, false matches, hashing throughput, and lookup
latency and memory against a bank of 10 million hashes.

    .venv/bin/python bench/bench_photos.py --sources 500 --bank 10000000 --out docs/bench/photos.md

Source photos are generated (seeded): textured synthetic "product photos" with gradients,
stripes and checks like fabric, shapes, printed text and sensor noise, in several sizes and aspect
ratios, stored as JPEG as a marketplace would. Each is edited the ways re-users do and run
through the same path as a listing photo (decode with the safe loader, normalise, PDQ). The bank
bulk is random 256-bit hashes (the worst case for multi-index hashing is uniform buckets, which
random codes give), plus the real hashes of the sources.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import pickle
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFont, ImageOps

from pantau.photos.bank import PhotoBank
from pantau.photos.index import ChunkIndex, build_multihash, chunk_count, range_search
from pantau.photos.load import decode_rgb
from pantau.photos.pdq import MIN_QUALITY, PhotoHash, hamming, hash_array, reference_hash

LIGHT = ("resize 50%", "JPEG q30", "crop 10% (centre)", "mirror", "rotate 90", "brightness +20%",
         "brightness -20%", "text watermark", "border 10%")


# -- source photos ---------------------------------------------------------------------------------

def _colour(rng: np.random.Generator) -> tuple[int, int, int]:
    r, g, b = (int(x) for x in rng.integers(0, 256, 3))
    return r, g, b


def product_photo(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    w = int(rng.integers(400, 1000))
    h = int(w / rng.choice([1.0, 4 / 3, 3 / 4, 16 / 9]))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = rng.uniform(0, np.pi)
    ramp = (np.cos(a) * xx + np.sin(a) * yy) / max(w, h)
    base = np.stack([rng.uniform(30, 225) + rng.uniform(-100, 100) * ramp for _ in range(3)], -1)
    if rng.random() < 0.6:  # fabric-like stripes or checks
        f1, f2 = rng.uniform(0.02, 0.2, 2)
        pattern = np.sin(xx * f1 + rng.uniform(0, 6)) * (np.sin(yy * f2) if rng.random() < 0.5 else 1)
        base += pattern[..., None] * rng.uniform(10, 50, 3)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(4, 12))):
        x0, y0 = rng.uniform(-0.1, 0.9) * w, rng.uniform(-0.1, 0.9) * h
        x1, y1 = x0 + rng.uniform(0.05, 0.6) * w, y0 + rng.uniform(0.05, 0.6) * h
        kind = rng.integers(0, 4)
        if kind == 0:
            draw.ellipse((x0, y0, x1, y1), fill=_colour(rng))
        elif kind == 1:
            draw.rectangle((x0, y0, x1, y1), fill=_colour(rng))
        elif kind == 2:
            pts = [(float(rng.uniform(0, w)), float(rng.uniform(0, h))) for _ in range(int(rng.integers(3, 7)))]
            draw.polygon(pts, fill=_colour(rng))
        else:
            draw.line((x0, y0, x1, y1), fill=_colour(rng), width=int(rng.integers(2, 15)))
    font = ImageFont.load_default(size=int(rng.integers(h // 20, h // 8)))
    for _ in range(int(rng.integers(0, 3))):
        text = "".join(rng.choice(list("ABCDEFGHJKLMNPRSTUVWXYZ0123456789 "), int(rng.integers(4, 14))))
        draw.text((float(rng.uniform(0, w * 0.7)), float(rng.uniform(0, h * 0.8))), text, fill=_colour(rng),
                  font=font)
    noisy = np.asarray(img, np.float32) + rng.normal(0, rng.uniform(2, 10), (h, w, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB")


def jpeg(img: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


# -- edits -----------------------------------------------------------------------------------------

def _watermark(img: Image.Image) -> Image.Image:
    img = img.copy()
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=max(12, img.height // 14))
    draw.text((img.width * 0.45, img.height * 0.85), "ORI IMPORT WA 0812", fill=(255, 255, 255),
              font=font, stroke_width=1, stroke_fill=(0, 0, 0))
    return img


def _border(img: Image.Image) -> Image.Image:
    return ImageOps.expand(img, border=(img.width // 10, img.height // 10), fill=(255, 255, 255))


def _crop(img: Image.Image, left: float, top: float) -> Image.Image:
    w, h = img.size
    x, y = int(w * 0.1 * left), int(h * 0.1 * top)
    return img.crop((x, y, x + int(w * 0.9), y + int(h * 0.9)))


EDITS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "none (re-encoded)": lambda im: im,
    "resize 50%": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.BILINEAR),
    "JPEG q30": lambda im: Image.open(io.BytesIO(jpeg(im, 30))).convert("RGB"),
    "crop 10% (centre)": lambda im: _crop(im, 0.5, 0.5),
    "mirror": ImageOps.mirror,
    "rotate 90": lambda im: im.transpose(Image.Transpose.ROTATE_90),
    "brightness +20%": lambda im: ImageEnhance.Brightness(im).enhance(1.2),
    "brightness -20%": lambda im: ImageEnhance.Brightness(im).enhance(0.8),
    "text watermark": _watermark,
    "border 10%": _border,
    # harder than the list, reported so the weak spot is visible
    "crop 10% (one corner)": lambda im: _crop(im, 0.0, 0.0),
    "mirror + crop 10% (centre) + JPEG q30": lambda im: Image.open(io.BytesIO(jpeg(
        _crop(ImageOps.mirror(im), 0.5, 0.5), 30))).convert("RGB"),
}


def photo_hash(data: bytes) -> PhotoHash:
    return hash_array(decode_rgb(data, where="bench"))


def distance_to(query: PhotoHash, banked: np.ndarray) -> int:
    """What the bank search computes: any of the query's 8 upright-photo variants against
    the banked hashes (photo and centre crop) of a source."""
    return int(hamming(query.variants[:8, None, :], banked[None, :, :]).min())


# -- measurements ----------------------------------------------------------------------------------

def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def robustness(n: int, seed: int) -> dict:
    t0 = time.perf_counter()
    sources = [jpeg(product_photo(seed + i)) for i in range(n)]
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    hashes = [photo_hash(d) for d in sources]
    hash_s = time.perf_counter() - t0
    decoded = [decode_rgb(d) for d in sources]
    t0 = time.perf_counter()
    for arr in decoded:
        hash_array(arr)
    hash_only_s = time.perf_counter() - t0
    ref_gap = [int(hamming(np.frombuffer(bytes.fromhex(reference_hash(a)[0]), np.uint8), h.variants[0]))
               for a, h in zip(decoded, hashes, strict=True)]
    quality = np.array([h.quality for h in hashes])
    usable = [i for i in range(n) if quality[i] >= MIN_QUALITY]
    banked = {i: hashes[i].variants[[0, 8]] for i in usable}
    dists: dict[str, list[int]] = {}
    edited: dict[str, list[PhotoHash]] = {}
    for name, edit in EDITS.items():
        qs = [photo_hash(jpeg(edit(Image.open(io.BytesIO(sources[i])).convert("RGB")))) for i in usable]
        edited[name] = qs
        dists[name] = [distance_to(q, banked[i]) for q, i in zip(qs, usable, strict=True)]
    rng = random.Random(seed)
    names = list(EDITS)
    unrelated = []
    while len(unrelated) < 10_000:
        a, b = rng.sample(range(len(usable)), 2)
        q = edited[rng.choice(names)][a]
        unrelated.append(distance_to(q, banked[usable[b]]))
    # photos of other sources, never banked: what most lookups are (a photo with no match)
    fresh = [photo_hash(jpeg(product_photo(seed + 1_000_000 + i))) for i in range(100)]
    return {"gen_s": gen_s, "hash_s": hash_s, "hash_only_s": hash_only_s, "n": n, "usable": len(usable),
            "quality": quality, "dists": dists, "unrelated": np.array(unrelated), "ref_gap": np.array(ref_gap),
            "queries": [h for name in LIGHT for h in edited[name][:100]], "banked": banked,
            "edited": edited, "usable_ids": usable, "fresh": [h for h in fresh if h.quality >= MIN_QUALITY]}


def choose_threshold(dists: dict[str, list[int]], unrelated: np.ndarray) -> tuple[int, list[str]]:
    """The largest radius with zero false matches and a safety margin below the closest unrelated
    pair, provided every light edit reaches 0.98 recall at it; else the smallest meeting recall."""
    closest = int(unrelated.min())
    need = max(int(np.quantile(dists[name], 0.98, method="higher")) for name in LIGHT)
    ceiling = min(closest // 2, 47)  # half the closest unrelated pair: room for unseen photos
    why = [f"closest unrelated pair: {closest} bits; a radius of at most half that ({closest // 2}) keeps "
           "a wide margin against photos unlike the generated ones",
           f"the 98th percentile of the hardest light edit: {need} bits"]
    if need <= 31 <= ceiling:
        why.append("31, ThreatExchange's confident-match distance, lies between the two (so a bank "
                   "exchanged with HMA means the same there): chosen")
        return 31, why
    t = max(need, min(ceiling, 31))
    why.append(f"chosen: {t}")
    return t, why


LAYOUT_10M = chunk_count(10_000_000)


def _found(index: ChunkIndex, q: PhotoHash, threshold: int, light: bool) -> set[int]:
    rows = np.arange(1, 8) if light else None  # as PhotoBank.search: upright exact, the rest light
    return set((index.range_search(q.variants[:8], threshold, light=rows).ids // 2).tolist())


def light_vs_exact(robust: dict, threshold: int) -> dict:
    """Which banked sources each edited photo finds, searched as in a 10M bank (same chunk layout),
    with the light variant search against the exact one."""
    codes = np.concatenate([robust["banked"][i] for i in robust["usable_ids"]])  # id // 2: source
    index = ChunkIndex(codes, LAYOUT_10M)
    out = {}
    for name, qs in robust["edited"].items():
        exact_hit = light_hit = same = 0
        for k, q in enumerate(qs):
            ex, li = _found(index, q, threshold, False), _found(index, q, threshold, True)
            exact_hit += k in ex
            light_hit += k in li
            same += ex == li
        out[name] = (exact_hit / len(qs), light_hit / len(qs), same, len(qs))
    return out, index.light_radius(threshold)


def skew(robust: dict, threshold: int) -> dict:
    """Candidates a real-photo bank gives against a bank of as many random codes (10M layout):
    queries are photos of one half of the sources, the bank the other half's hashes."""
    usable = robust["usable_ids"]
    half = len(usable) // 2
    bank_src, query_src = range(half), range(half, len(usable))
    banked = np.concatenate([robust["banked"][usable[k]] for k in bank_src])
    edits = np.stack([robust["edited"][name][k].variants[0] for name in robust["edited"] for k in bank_src])
    queries = [robust["edited"][name][k].variants[:8] for name in robust["edited"] for k in query_src]
    rng = np.random.default_rng(5)
    out = {}
    for label, real in (("banked hashes", banked), ("banked hashes and their edits", np.concatenate([banked, edits]))):
        counts = []
        for codes in (real, rng.integers(0, 256, real.shape, dtype=np.uint8)):
            index, stats = ChunkIndex(codes, LAYOUT_10M), {}
            for q in queries:
                index.range_search(q, threshold, stats=stats)
            counts.append(stats["candidates"])
        out[label] = (len(real), counts[0], counts[1])
    return out


def lookup(total: int, robust: dict, threshold: int, seed: int) -> dict:
    faiss.omp_set_num_threads(1)  # per-core figures on a shared machine
    gc.collect()
    before = rss_mb()
    rng = np.random.default_rng(seed)
    bank = PhotoBank(threshold, delta_limit=total + 1)
    real = np.concatenate(list(robust["banked"].values()))
    t0 = time.perf_counter()
    chunk = 1_000_000
    done, bulk = 0, total - len(real)
    while done < bulk:
        k = min(chunk, bulk - done)
        codes = rng.integers(0, 256, (k, 32), dtype=np.uint8)
        # ~3 photos a listing, so the table of listing names is realistic too
        bank.add_codes(codes, "other", [f"r{(done + j) // 3}" for j in range(k)], rebuild=False)
        done += k
    bank.add_codes(real, "shopee", [f"src{i // 2}" for i in range(len(real))])  # and builds the index
    build_s = time.perf_counter() - t0
    gc.collect()
    after = rss_mb()
    queries, fresh = robust["queries"], robust["fresh"]
    for q in queries[:20]:
        bank.search(q)  # warm up
    gen = bank._gen

    def cpu_ms(fn: Callable[[PhotoHash], object], qs: list[PhotoHash]) -> np.ndarray:
        times = []
        for q in qs:
            t = time.thread_time()
            fn(q)
            times.append(time.thread_time() - t)
        return np.percentile(np.array(times) * 1000, [50, 99])

    found = sum(bool(bank.search(q)) for q in queries)
    fresh_found = sum(bool(bank.search(q)) for q in fresh)
    stats_light: dict[str, int] = {}
    stats_exact: dict[str, int] = {}
    for q in queries:
        range_search(gen.main, q.variants[:8], threshold, light=np.arange(1, 8), stats=stats_light)
        range_search(gen.main, q.variants[:8], threshold, stats=stats_exact)
    load = os.getloadavg()
    out = {"entries": len(bank), "build_s": build_s, "rss_mb": after - before, "found": found,
           "fresh_found": fresh_found, "n_fresh": len(fresh),
           "index_mb": gen.main.nbytes() / 2**20, "chunks": gen.main.nchunks,
           "n_queries": len(queries),
           # light (the default) and exact, on photos that match and on photos that do not
           "photo": cpu_ms(bank.search, queries),
           "photo_fresh": cpu_ms(bank.search, fresh),
           "photo_exact": cpu_ms(lambda q: bank.search(q, exact=True), queries),
           "photo16": cpu_ms(lambda q: bank.search(q, crop_variants=True), queries),
           "code": cpu_ms(lambda q: range_search(gen.main, q.variants[:1], threshold), queries),
           "code_light": cpu_ms(lambda q: range_search(gen.main, q.variants[1:2], threshold, light=[0]), queries),
           "probes_light": stats_light["probes"] / len(queries),
           "cand_light": stats_light["candidates"] / len(queries),
           "probes_exact": stats_exact["probes"] / len(queries),
           "cand_exact": stats_exact["candidates"] / len(queries),
           "load": (load, os.getloadavg())}
    # a batch of 100 photos in one call (800 codes): the per-photo share
    batch = np.concatenate([q.variants[:8] for q in queries[:100]])
    light = np.ones(len(batch), np.bool_)
    light[::8] = False
    t = time.thread_time()
    range_search(gen.main, batch, threshold, light=light)
    out["batch_ms"] = (time.thread_time() - t) * 1000 / 100
    return out


def dense_bank(sizes: list[int], robust: dict, threshold: int, seed: int) -> list[dict]:
    """Index-only photo lookups (upright exact, 7 variants light) in ChunkIndexes of random codes
    of several sizes, side by side in one process. Real hashes give about twice the candidates of
    random codes (the skew table), so a 20M random index stands in for a 10M bank of real ones
    (same 11-chunk layout, twice the candidates a probe)."""
    rng = np.random.default_rng(seed + 11)
    queries = robust["queries"]
    light = np.arange(1, 8)
    out = []
    codes = np.zeros((0, 32), np.uint8)
    for n in sorted(sizes):
        codes = np.concatenate([codes, rng.integers(0, 256, (n - len(codes), 32), dtype=np.uint8)])
        gc.collect()
        before = rss_mb()
        index = ChunkIndex(codes)
        grown = rss_mb() - before
        stats: dict[str, int] = {}
        for q in queries[:20]:
            index.range_search(q.variants[:8], threshold, light=light)
        times = []
        for q in queries:
            t = time.thread_time()
            index.range_search(q.variants[:8], threshold, light=light, stats=stats)
            times.append(time.thread_time() - t)
        out.append({"n": n, "chunks": index.nchunks, "index_gb": grown / 1024,
                    "ms": np.percentile(np.array(times) * 1000, [50, 99]),
                    "cand": stats["candidates"] / len(queries), "load": os.getloadavg()[0]})
        del index
    return out


def compare_faiss(n: int, robust: dict, threshold: int, seed: int) -> dict:
    """FAISS IndexBinaryMultiHash (16 chunks of 16 bits, the ThreatExchange set-up) against
    ChunkIndex on the same n random hashes: one code per query, CPU time."""
    faiss.omp_set_num_threads(1)
    codes = np.random.default_rng(seed + 7).integers(0, 256, (n, 32), dtype=np.uint8)
    queries = [q.variants[:1] for q in robust["queries"][:200]]
    out = {"n": n}
    for name, build in (("faiss", lambda: build_multihash(codes)), ("chunk", lambda: ChunkIndex(codes))):
        t0 = time.perf_counter()
        index = build()
        out[f"{name}_build_s"] = time.perf_counter() - t0
        times = []
        for q in queries:
            t = time.process_time()
            range_search(index, q, threshold)
            times.append(time.process_time() - t)
        out[f"{name}_ms"] = np.percentile(np.array(times) * 1000, [50, 99])
        del index
        gc.collect()
    return out


# -- report ----------------------------------------------------------------------------------------

def report(args: argparse.Namespace, robust: dict, threshold: int, why: list[str], look: dict | None,
           cmp: dict | None, dense: list[dict] | None = None) -> str:
    d, unrelated = robust["dists"], robust["unrelated"]
    lines = ["# Photo matching benchmark", "",
             f"Command: `.venv/bin/python bench/bench_photos.py --sources {args.sources} --bank {args.bank} "
             f"--compare {args.compare} --seed {args.seed}"
             + (f" --dense {' '.join(map(str, args.dense))}" if args.dense else "") + f" --out {args.out}`", "",
             f"Machine: {platform.machine()}, Python {sys.version.split()[0]}, faiss {faiss.__version__}; "
             "a **shared, noisy 2-core machine** (about 8 engineers working at once): timings are "
             "indicative, single-threaded (faiss OpenMP set to 1 thread).", "",
             f"Sources: {robust['n']} generated product photos (seed {args.seed}), JPEG q90; "
             f"{robust['usable']} have PDQ quality >= {MIN_QUALITY} and are banked (the others are "
             f"too plain to match and are never used; quality median {int(np.median(robust['quality']))}). "
             "Each edit is applied to the decoded source and saved again as JPEG q90, then goes "
             "through the listing path (safe loader, normalisation, PDQ with dihedral variants).", "",
             f"## Robustness at the chosen threshold: {threshold} bits", "",
             "| edit | recall | median distance | 98th pct | max |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, vals in d.items():
        v = np.array(vals)
        mark = "" if name in LIGHT or name.startswith("none") else " (extra, harder)"
        lines.append(f"| {name}{mark} | {np.mean(v <= threshold):.3f} | {int(np.median(v))} | "
                     f"{int(np.quantile(v, 0.98, method='higher'))} | {int(v.max())} |")
    fm = int((unrelated <= threshold).sum())
    lines += ["", f"False matches among {len(unrelated):,} unrelated pairs (a random edited photo of one "
              f"source against the banked hashes of another): **{fm}** at {threshold} bits. Closest "
              f"unrelated pair: {int(unrelated.min())} bits; 1st percentile "
              f"{int(np.quantile(unrelated, 0.01))}; median {int(np.median(unrelated))}.", "",
              "Recall at other radii (light edits, worst one; false matches among the pairs):", "",
              "| radius | worst light-edit recall | false matches |", "| ---: | ---: | ---: |"]
    for r in (16, 20, 24, 28, 31, 36, 40, 47):
        worst = min(np.mean(np.array(d[n]) <= r) for n in LIGHT)
        lines.append(f"| {r} | {worst:.3f} | {int((unrelated <= r).sum())} |")
    lines += ["", "### Why this threshold", ""] + [f"- {w}" for w in why]
    lines += ["", "### Normalisation, and the cost in compatibility", "",
              "Before PDQ a uniform frame is trimmed and the photo is box-filtered to 64x64 (see "
              "`src/pantau/photos/pdq.py`); a centre-crop hash is banked beside each photo's. Without "
              "these, plain PDQ on this set put mirrored copies up to ~22 bits away, a 10% border and "
              "a 10% crop near 110 (random). The price: pantau's hash of a file is "
              f"{int(np.median(robust['ref_gap']))} bits (median; max {int(robust['ref_gap'].max())}) from the "
              "reference PDQ hash of the same decoded pixels, which an HMA instance matching pantau's "
              "exported bank at its own threshold absorbs.", "",
              "## Throughput", "",
              f"- decode + normalise + hash (two PDQ passes, 8 variants each): "
              f"**{robust['n'] / robust['hash_s']:.0f} photos/s** on one core "
              f"({robust['hash_s'] / robust['n'] * 1000:.1f} ms a photo, sources 400-1000 px JPEG)",
              f"- normalise + hash only (already decoded): {robust['n'] / robust['hash_only_s']:.0f} photos/s"]
    if look:
        (l1, _, _), (e1, _, _) = look["load"]
        lines += ["", f"## Lookup against a bank of {look['entries']:,} hashes", "",
                  f"{look['entries'] - 2 * robust['usable']:,} random hashes plus the {2 * robust['usable']} real "
                  f"ones (photo and centre crop of each source), in `PhotoBank` (multi-index hashing "
                  f"by `ChunkIndex`, {look['chunks']} chunks). CPU time of the calling thread "
                  f"(`time.thread_time`), one thread; load average {l1:.1f} / {e1:.1f} (start / end of "
                  "the timings) on 2 cores.", "",
                  f"- build (bulk load + index): {look['build_s']:.0f} s",
                  f"- memory (RSS growth for the whole bank: codes, columns, listing names, chunk "
                  f"tables): **{look['rss_mb'] / 1024:.2f} GB**; the index alone "
                  f"{look['index_mb'] / 1024:.2f} GB", "",
                  "| lookup (CPU time) | p50 | p99 |", "| --- | ---: | ---: |",
                  f"| **one photo** (8 dihedral variants: upright exact, 7 light; hits mapped to listings), "
                  f"{look['n_queries']} edited banked photos | **{look['photo'][0]:.3f} ms** | "
                  f"**{look['photo'][1]:.3f} ms** |",
                  f"| one photo, {look['n_fresh']} photos not in the bank | {look['photo_fresh'][0]:.3f} ms | "
                  f"{look['photo_fresh'][1]:.3f} ms |",
                  f"| one photo, all 8 variants exact (`exact=True`) | {look['photo_exact'][0]:.3f} ms | "
                  f"{look['photo_exact'][1]:.3f} ms |",
                  f"| one photo with its crop's variants too (16 codes, `crop_variants=True`) | "
                  f"{look['photo16'][0]:.3f} ms | {look['photo16'][1]:.3f} ms |",
                  f"| one hash, exact (index only) | {look['code'][0]:.3f} ms | {look['code'][1]:.3f} ms |",
                  f"| one hash, light (index only) | {look['code_light'][0]:.3f} ms | "
                  f"{look['code_light'][1]:.3f} ms |",
                  f"| one photo's share of a batch of 100 photos in one call (index only) | "
                  f"{look['batch_ms']:.3f} ms (mean) | |", "",
                  f"Work per photo: {look['probes_light']:,.0f} bucket probes and {look['cand_light']:,.0f} "
                  f"candidates (light), {look['probes_exact']:,.0f} and {look['cand_exact']:,.0f} (all exact). "
                  f"{look['found']} of {look['n_queries']} edited photos found their source; "
                  f"{look['fresh_found']} of {look['n_fresh']} photos not in the bank matched anything."]
    if robust.get("light"):
        lines += ["", f"### Light variant search against exact search, at {threshold} bits", "",
                  f"A light search probes at most one flipped bit a chunk: exact up to "
                  f"{robust['light_radius']} bits in the 10M layout, beyond that a neighbour "
                  "is missed only if each of its chunks differs in 2 bits or more. PhotoBank searches the "
                  "upright hash exactly and the 7 mirrored and rotated variants light. Every edited photo of the "
                  f"robustness set searched both ways against the banked sources, in the 10M layout "
                  f"({LAYOUT_10M} chunks):", "",
                  "| edit | recall exact | recall light | same hits |", "| --- | ---: | ---: | ---: |"]
        for name, (ex, li, same, n) in robust["light"].items():
            lines.append(f"| {name} | {ex:.3f} | {li:.3f} | {same} / {n} |")
    if robust.get("skew"):
        lines += ["", "### Real hashes are not uniform: candidates against random codes", "",
                  "Photos of one half of the sources searched (8 variants, exact) in a bank of the other "
                  f"half's hashes, and in a bank of as many random codes ({LAYOUT_10M}-chunk layout): "
                  "candidate counts, which a real bank multiplies in the lookup cost.", "",
                  "| bank | size | candidates, real | candidates, random | ratio |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        for label, (n, real, rand) in robust["skew"].items():
            lines.append(f"| {label} | {n} | {real} | {rand} | {real / max(rand, 1):.1f} |")
    if cmp:
        lines += ["", f"### Why not FAISS' IndexBinaryMultiHash: both on {cmp['n']:,} random hashes, radius "
                  f"{threshold}, one code a query, CPU time", "",
                  "| index | build | p50 | p99 |", "| --- | ---: | ---: | ---: |",
                  f"| faiss IndexBinaryMultiHash (16 x 16 bits, nflip 1) | {cmp['faiss_build_s']:.0f} s | "
                  f"{cmp['faiss_ms'][0]:.3f} ms | {cmp['faiss_ms'][1]:.3f} ms |",
                  f"| pantau ChunkIndex | {cmp['chunk_build_s']:.0f} s | {cmp['chunk_ms'][0]:.3f} ms | "
                  f"{cmp['chunk_ms'][1]:.3f} ms |"]
    if dense:
        lines += ["", "### Denser banks: index-only photo lookups (upright exact, 7 light), random codes", "",
                  "Real hashes give about twice the candidates of random codes (table above); at "
                  "20M random codes a probe finds twice the candidates it finds at 10M, in the same "
                  "11-chunk layout: what a 10M bank of real photos costs.", "",
                  "| codes | chunks | index RSS | candidates a photo | p50 | p99 | load |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for d in dense:
            lines.append(f"| {d['n']:,} | {d['chunks']} | {d['index_gb']:.2f} GB | {d['cand']:,.0f} | "
                         f"{d['ms'][0]:.3f} ms | {d['ms'][1]:.3f} ms | {d['load']:.1f} |")
    lines += ["", "## Limits", "",
              "- Generated photos, not real marketplace ones: real product photos of one kind (white "
              "background, similar folded clothes) are closer to each other than these; the margin "
              "between the chosen radius and the closest unrelated pair is there for that.",
              "- Crops off one side are not matched: PDQ does not survive crops; only the centre "
              "crop is banked (see the extra row).",
              ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=int, default=500)
    ap.add_argument("--bank", type=int, default=10_000_000, help="bank size for the lookup test (0: skip)")
    ap.add_argument("--compare", type=int, default=1_000_000,
                    help="size of the FAISS-versus-ChunkIndex comparison (0: skip)")
    ap.add_argument("--dense", type=int, nargs="*", default=[],
                    help="sizes of random-code indexes for index-only lookups side by side (e.g. 10000000 20000000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--cache", type=Path, default=None,
                    help="pickle of the robustness step's results, reused when it exists (reruns)")
    args = ap.parse_args()
    if args.cache and args.cache.exists():
        robust = pickle.loads(args.cache.read_bytes())
    else:
        robust = robustness(args.sources, args.seed)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(robust))
    print(f"hashed {args.sources} sources in {robust['hash_s']:.1f}s", file=sys.stderr)
    threshold, why = choose_threshold(robust["dists"], robust["unrelated"])
    robust["light"], robust["light_radius"] = light_vs_exact(robust, threshold)
    robust["skew"] = skew(robust, threshold)
    print("light vs exact, skew done", file=sys.stderr)
    look = lookup(args.bank, robust, threshold, args.seed) if args.bank else None
    print("lookup done", file=sys.stderr)
    cmp = compare_faiss(args.compare, robust, threshold, args.seed) if args.compare else None
    dense = dense_bank(args.dense, robust, threshold, args.seed) if args.dense else None
    text = report(args, robust, threshold, why, look, cmp, dense)
    if args.out:
        args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()

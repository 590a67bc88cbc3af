"""Term discovery over one week of generated listings (default 1,000,000) plus an earlier week.

    .venv/bin/python bench/bench_terms.py --n 1000000 --history-n 1000000

Generates listings on the fly (seeded; nothing is written to disk): benign traffic from the
timeline generator's templates with a long tail of shop/brand/model words, ~3% suspect bale
listings on known codes, and a coinage that appears this week. The suspect listings are held in
memory (they are what gets counted completely); benign ones are streamed. Reports wall time per
phase, peak memory (ru_maxrss) and where the coinage ranked.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pantau.terms.counting import Doc
from pantau.terms.discover import discover
from pantau.terms.extract import default_normaliser, fallback_normalise
from pantau.terms.known import known_terms
from pantau.terms.timeline import BALE_GARMENTS, BALE_WORDS, BENIGN_TEMPLATES, CITIES, COLOURS, SIZES

AT = datetime(2025, 3, 3, tzinfo=UTC)
SYLLABLES = ("ka", "ri", "to", "ma", "su", "le", "no", "pi", "da", "ge", "bu", "ra", "si", "ko", "te", "lu")


def tail_words(rng: random.Random, n: int) -> list[str]:
    """A long tail of made-up brand, shop and model words: real traffic has a huge vocabulary."""
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) + str(rng.randint(0, 99))
            for _ in range(n)]


def benign_docs(n: int, seed: int, tail: list[str]) -> Iterator[Doc]:
    rng = random.Random(seed)
    for i in range(n):
        title = rng.choice(BENIGN_TEMPLATES).format(c=rng.choice(COLOURS), s=rng.choice(SIZES))
        desc = f"{rng.choice(tail)} {rng.choice(tail)} ready stok {rng.choice(CITIES)}"
        yield Doc(f"shopee/b{seed}-{i}", f"shopee/bs{rng.randrange(40_000)}", f"{title}\n{desc}\ntoko bs", at=AT)


def suspect_docs(n: int, seed: int, coinage: str | None, coinage_n: int) -> list[Doc]:
    rng = random.Random(seed + 1)
    out = []
    for i in range(n):
        code = coinage if (coinage and i < coinage_n) else rng.choice(("karungan", "bal segel", "unsortir"))
        words = " ".join(rng.sample(BALE_WORDS, 3))
        text = f"{code} {rng.choice(BALE_GARMENTS)} {words}\n{rng.choice(CITIES)}\ntoko op{i % 900}"
        flag = 0.0 if code == coinage and rng.random() < 0.6 else 1.0
        out.append(Doc(f"tokopedia/v{seed}-{i}", f"tokopedia/op{i % 900}", text, flag, 0.8 if flag == 0 else 0.6,
                       AT))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="listings in the week discovered")
    ap.add_argument("--history-n", type=int, default=1_000_000, help="listings in the week before (burst baseline)")
    ap.add_argument("--suspect-share", type=float, default=0.03)
    ap.add_argument("--coinage-n", type=int, default=40, help="listings using the new coinage this week")
    ap.add_argument("--normaliser", choices=("detect", "fallback"), default="detect")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    normalise = default_normaliser() if args.normaliser == "detect" else fallback_normalise
    try:
        from pantau.detect.policy import PolicyPack

        known = known_terms(PolicyPack.load(), normalise=normalise)
    except ImportError:
        known = known_terms(type("Pack", (), {"terms": ("karungan", "bal segel", "unsortir")})())
    tail = tail_words(random.Random(args.seed), 50_000)
    n_suspect = int(args.n * args.suspect_share)
    coinage = "zubalo"

    t0, c0 = time.perf_counter(), time.process_time()
    suspect = suspect_docs(n_suspect, args.seed, coinage, args.coinage_n)
    hist_suspect = suspect_docs(int(args.history_n * args.suspect_share), args.seed + 7, None, 0)
    history = [("2025-W09", _chain(hist_suspect, benign_docs(args.history_n - len(hist_suspect), args.seed + 7,
                                                               tail)))]
    found = discover(suspect, known, background=benign_docs(args.n - n_suspect, args.seed, tail), history=history,
                     window="2025-W10", top=10, normalise=normalise)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    terms = [s.term for s in found]
    print(json.dumps({
        "listings": args.n, "history_listings": args.history_n, "suspect": n_suspect,
        "normaliser": args.normaliser, "wall_seconds": round(total, 1), "cpu_seconds": round(cpu, 1),
        "listings_per_cpu_second": round((args.n + args.history_n) / cpu),
        "peak_rss_mb": round(peak_mb), "coinage_rank": terms.index(coinage) + 1 if coinage in terms else None,
        "top": terms[:5],
    }, indent=2))


def _chain(first: list[Doc], rest: Iterator[Doc]) -> Iterator[Doc]:
    yield from first
    yield from rest


if __name__ == "__main__":
    main()

"""Text-path throughput of the rules detector, JSONL in -> JSONL out, beside a TF-IDF baseline.

    .venv/bin/python bench/bench_detect_rules.py [--n 200000] [--baseline-n 20000] [--seed 0]

Generates marketplace-like listings (titles, descriptions, shop names; a share of them clothing,
bales, disguised cues and look-alike goods) with a fixed seed, writes them as JSONL under
bench/out/, then times on ONE process/core:
  rules     parse each line (orjson) -> Listing -> Detector.detect (batches) -> result line (orjson)
  baseline  the same path with scikit-learn TF-IDF over character 2-5-grams + logistic regression
            trained on the project's corpus (src/pantau/data/corpus/train.jsonl)
and, when ../shared is present, F1 of both on shared/data/eval (violating vs benign, strict).
Times are CPU seconds of this process (time.process_time), so other work on a shared machine
inflates them less than wall time would; compare the two paths within one run.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: no BLAS thread pool behind the model or the baseline

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import orjson  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pantau.detect import load_detector  # noqa: E402
from pantau.domain import Listing, Seller  # noqa: E402

OUT = ROOT / "bench" / "out"
SHARED = ROOT.parent / "shared"
BATCH = 4096
NL = orjson.OPT_APPEND_NEWLINE  # one write per batch, for both paths alike

# ---- generated data (words chosen for this bench; nothing from shared/) ----
GARMENTS = ["kaos", "kemeja", "jaket", "hoodie", "sweater", "celana jeans", "rok", "dress", "cardigan",
            "jaket denim", "kemeja flanel", "celana cargo", "blouse", "topi", "sepatu sneakers", "tas ransel"]
BRANDS = ["uniqlo", "zara", "levis", "nike", "adidas", "carhartt", "dickies", "champion", "h&m", "gap",
          "erigo", "3second", "roughneck", "thenblank", "screamous", "polo", "wrangler", "muji"]
COLOURS = ["hitam", "putih", "navy", "abu", "merah", "hijau army", "coklat", "biru muda", "cream"]
SIZES = ["S", "M", "L", "XL", "XXL", "all size", "size 32", "size 42", "LD 100"]
GOODS = ["iPhone 11 64GB", "Samsung A54", "laptop Asus", "mouse wireless", "kabel data type C",
         "beras 5 kg", "minyak goreng 2L", "lampu LED 12W", "skincare paket", "buku tulis", "kopi arabika 250gr",
         "sabun cuci piring", "kursi lipat", "rak sepatu 5 susun", "panci set 3 pcs", "headset gaming",
         "charger 20W", "casing HP", "botol minum 1L", "meja belajar", "kipas angin", "powerbank 10000mAh",
         "tas laptop 14 inch", "gorden jendela", "sprei katun", "pasta gigi", "shampoo 340ml", "mie instan 1 dus",
         # look-alikes of the trade's words (hard negatives)
         "cimol keju 500gr", "bola futsal", "karung beras 50kg", "mesin ball press", "mainan cakar capit",
         "motor bekas ex Jepang", "tembakau 1 bal"]
CUES = ["bal korea isi 100 pcs", "karungan campur 50kg", "thrift import", "second import", "ex Jepang",
        "kiloan 70rb/kg", "buka bal live malam ini", "cakar pilihan", "sortir bal grade A", "preloved"]
DISGUISES = ["b4ll", "k@rung4n", "t.h.r.i.f.t", "b a l l", "bаl", "ｔｈｒｉｆｔ", "🅱️🅰️🅻", "k-a-r-u-n-g", "thr1ft"]
SHOPS = ["Toko Makmur", "Gudang Fashion", "Sinar Jaya Store", "Official Store", "Rumah Outer",
         "Kios Elektronik", "Dapur Mama", "Distro Lokal", "Mitra Grosir", "Berkah Abadi", "Cahaya Shop",
         "Sumber Rejeki", "Maju Bersama", "Gadget Center", "Rumah Tangga Jaya", "Anugrah Collection",
         "Lestari Mart", "Indah Fashion", "Toko Bu Sri", "Kedai Kopi Kita",
         "Bandung Thrift", "Second Corner"]  # two shops of the trade among many
FILL = ["bahan adem", "kirim cepat", "ready stok", "bisa COD", "harga nego", "original", "jahitan rapi",
        "cek foto", "stok terbatas", "gratis ongkir", "garansi resmi", "packing aman", "warna sesuai foto",
        "tanya dulu", "pengiriman setiap hari", "kualitas terbaik", "free bubble wrap", "best seller"]
USED = ["kondisi 90%", "no minus", "second", "preloved", "bekas pakai"]


def generate(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        kind = rng.random()
        if kind < 0.45:
            title = f"{rng.choice(GARMENTS).title()} {rng.choice(BRANDS).title()} {rng.choice(COLOURS)} " \
                    f"{rng.choice(SIZES)}"
            if rng.random() < 0.1:  # about 5% of all listings carry a cue, a third of them disguised
                title += " " + rng.choice(CUES + DISGUISES)
            elif rng.random() < 0.1:
                title += " " + rng.choice(USED)
            cat = "Fashion Pria > Atasan"
        else:
            title = f"{rng.choice(GOODS)} {rng.choice(FILL)}"
            cat = "Elektronik" if rng.random() < 0.5 else "Rumah Tangga"
        desc = ", ".join(rng.sample(FILL, 3))
        if rng.random() < 0.1:
            desc += f" #{rng.choice(['thrift', 'ootd', 'bajumurah', 'thriftimport', 'promo', 'fashion'])}"
        rows.append({"platform": "shopee", "listing_id": f"b{i}", "title": title, "description": desc,
                     "price": rng.randrange(10, 3000) * 1000, "category": cat,
                     "seller": {"id": f"s{rng.randrange(n // 20 + 1)}", "name": rng.choice(SHOPS)}})
    return rows


def to_listing(r: dict) -> Listing:
    s = r.get("seller") or {}
    return Listing(r["platform"], str(r["listing_id"]), r.get("title") or "",
                   Seller(str(s.get("id", "")), s.get("name") or "", description=s.get("description") or ""),
                   description=r.get("description") or "", price=r.get("price"), category=r.get("category"))


def text_of(li: Listing) -> str:
    return " ".join((li.title, li.description, li.seller.name, li.seller.description, li.category or ""))


# ---- the two paths, JSONL in -> JSONL out, through one loop so they pay the same I/O ----
def run_path(src: Path, dst: Path, score: Callable[[list[Listing]], list[dict]]) -> tuple[int, float]:
    """Read `src` in batches, write `score(batch)` as JSONL to `dst`; listings and CPU seconds."""
    t0 = time.process_time()
    n = 0
    with src.open("rb") as f, dst.open("wb") as out:
        batch: list[Listing] = []

        def flush() -> None:
            out.write(b"".join([orjson.dumps(row, option=NL) for row in score(batch)]))
            batch.clear()

        for line in f:
            batch.append(to_listing(orjson.loads(line)))
            n += 1
            if len(batch) >= BATCH:
                flush()
        flush()
    return n, time.process_time() - t0


def run_rules(src: Path, dst: Path, detector) -> tuple[int, float]:
    def score(batch: list[Listing]) -> list[dict]:
        return [{"platform": li.platform, "listing_id": li.listing_id, "score": round(d.score, 4),
                 "verdict": d.verdict.value, "reasons": [r.text for r in d.reasons]}
                for li, d in zip(batch, detector.detect(batch), strict=True)]

    return run_path(src, dst, score)


def train_baseline(corpus: Path, seed: int):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = [], []
    for line in corpus.open(encoding="utf-8"):
        r = json.loads(line)
        if r.get("label") in ("violating", "benign"):
            texts.append(text_of(to_listing(r)).lower())
            labels.append(int(r["label"] == "violating"))
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
    x = vec.fit_transform(texts)
    clf = LogisticRegression(max_iter=2000, C=4.0, random_state=seed).fit(x, labels)
    return vec, clf


def run_baseline(src: Path, dst: Path, vec, clf) -> tuple[int, float]:
    def score(batch: list[Listing]) -> list[dict]:
        if not batch:
            return []
        probs = clf.predict_proba(vec.transform([text_of(li).lower() for li in batch]))[:, 1]
        return [{"platform": li.platform, "listing_id": li.listing_id, "score": round(float(p), 4),
                 "verdict": "violating" if p >= 0.5 else "benign"} for li, p in zip(batch, probs, strict=True)]

    return run_path(src, dst, score)


def f1_on_eval(predict) -> float | None:
    path = SHARED / "data" / "eval" / "listings.jsonl"
    if not path.is_file():
        return None
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows = [r for r in rows if r.get("label") in ("violating", "benign")]
    flags = predict([to_listing(r) for r in rows])
    tp = sum(1 for r, f in zip(rows, flags, strict=True) if f and r["label"] == "violating")
    fp = sum(1 for r, f in zip(rows, flags, strict=True) if f and r["label"] == "benign")
    fn = sum(1 for r, f in zip(rows, flags, strict=True) if not f and r["label"] == "violating")
    return 2 * tp / max(1, 2 * tp + fp + fn)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000, help="generated listings for the rules path")
    ap.add_argument("--baseline-n", type=int, default=20_000, help="listings for the (slower) baseline")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    data = OUT / f"detect-rules-{args.n}.jsonl"
    rows = generate(args.n, args.seed)
    with data.open("wb") as f:
        for r in rows:
            f.write(orjson.dumps(r) + b"\n")
    small = OUT / f"detect-rules-{args.baseline_n}.jsonl"
    with small.open("wb") as f:
        for r in rows[: args.baseline_n]:
            f.write(orjson.dumps(r) + b"\n")
    del rows  # the paths below stream from the files, as `pantau scan` does

    detector = load_detector()  # rules + the bundled learned model when there is one
    rules_only = load_detector(use_model=False)
    for d in (detector, rules_only):
        run_rules(small, OUT / "warm.jsonl", d)  # fill the per-word caches once, as a long scan would
    gc.collect()
    gc.freeze()  # long-lived setup (models, caches) out of the collector's way, as a long scan would
    n, secs = run_rules(data, OUT / "rules-out.jsonl", detector)
    n_same, secs_same = run_rules(small, OUT / "rules-out-small.jsonl", detector)
    n_ro, secs_ro = run_rules(data, OUT / "rules-only-out.jsonl", rules_only)
    corpus = ROOT / "src" / "pantau" / "data" / "corpus" / "train.jsonl"
    vec, clf = train_baseline(corpus, args.seed)
    bn, bsecs = run_baseline(small, OUT / "baseline-out.jsonl", vec, clf)

    rules_f1 = f1_on_eval(lambda ls: [d.verdict.value == "violating" for d in detector.detect(ls)])
    ro_f1 = f1_on_eval(lambda ls: [d.verdict.value == "violating" for d in rules_only.detect(ls)])
    base_f1 = f1_on_eval(lambda ls: list(clf.predict_proba(
        vec.transform([text_of(li).lower() for li in ls]))[:, 1] >= 0.5))
    rules_rate, same_rate, base_rate = n / secs, n_same / secs_same, bn / bsecs
    print("| path | listings | CPU seconds | listings per CPU-second | F1 shared/eval |")
    print("| --- | ---: | ---: | ---: | ---: |")
    model = detector.model_hash[:12] or "none"
    print(f"| detector: rules (pack {detector.policy_version}) + model {model} | {n} | {secs:.2f} | "
          f"{rules_rate:,.0f} | {rules_f1 if rules_f1 is None else round(rules_f1, 3)} |")
    print(f"| detector, the same {n_same} listings as the baseline | {n_same} | {secs_same:.2f} | "
          f"{same_rate:,.0f} | |")
    print(f"| rules alone | {n_ro} | {secs_ro:.2f} | {n_ro / secs_ro:,.0f} | "
          f"{ro_f1 if ro_f1 is None else round(ro_f1, 3)} |")
    print(f"| baseline TF-IDF char 2-5 + LR | {bn} | {bsecs:.2f} | {base_rate:,.0f} | "
          f"{base_f1 if base_f1 is None else round(base_f1, 3)} |")
    print(f"\nspeed ratio detector/baseline on the same {n_same} listings: {same_rate / base_rate:.1f}x")


if __name__ == "__main__":
    main()

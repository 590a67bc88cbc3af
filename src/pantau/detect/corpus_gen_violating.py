# ruff: noqa: E501 - template sentences are kept whole on one line so they read as the listing will
"""Templates for violating listings (policy points 1-4, 6) used by the corpus generator.

Each template returns a partial listing: title, description, price, category, shop fields and
the code-word family it used (so held-out tests can drop a family). The wording is written
for pantau; it varies order, register and punctuation so the model learns context (bulk
quantities, weights, import origins, bale opening, thrift-shop framing), not sentences.
"""

from __future__ import annotations

import random
from typing import Any

from pantau.detect.corpus_gen_vocab import (
    BRANDS,
    BULK_PHRASES,
    CITIES,
    CODE_FAMILIES,
    CONDITIONS,
    GARMENTS,
    GRADES,
    HASHTAGS_VIOL,
    IMPORT_CUES,
    ORIGINS,
    SELLER_CHATTER,
    SIZES,
    TOPS,
)

Parts = dict[str, Any]
CLOTHING_CATEGORIES = [
    "Fashion Pria > Atasan > Kaos", "Fashion Pria > Atasan > Kemeja", "Fashion Pria > Jaket",
    "Fashion Wanita > Atasan", "Fashion Wanita > Dress", "Pakaian Wanita > Outerwear", "Fashion Muslim",
    "Fashion Pria > Celana", "Sepatu Pria", "Tas Wanita", "Fashion Anak", "Pakaian", "Fashion", "Fashion",
    "Lainnya",
]


def pick(rng: random.Random, items: list[str]) -> str:
    return rng.choice(items)


def bulk_phrase(rng: random.Random) -> str:
    return pick(rng, BULK_PHRASES).format(n=rng.choice([50, 80, 100, 120, 150, 200, 250, 300, 400, 500]),
                                          k=rng.choice([25, 30, 45, 50, 60, 75, 100, 100, 120]))


def import_cue(rng: random.Random) -> str:
    return pick(rng, IMPORT_CUES).format(o=pick(rng, ORIGINS))


def term(rng: random.Random, family: str) -> str:
    return pick(rng, CODE_FAMILIES[family])


def tags(rng: random.Random, k: int) -> str:
    return " ".join(rng.sample(HASHTAGS_VIOL, k)) if k else ""


def bulk_bale(rng: random.Random) -> Parts:
    fam = rng.choice(["bal", "bal", "karung", "coinage"])
    t = term(rng, fam)
    g = pick(rng, GARMENTS)
    titles = [
        f"{t} {g} {import_cue(rng)} {pick(rng, GRADES)}",
        f"{t.upper()} {pick(rng, ORIGINS).upper()} {g} {bulk_phrase(rng)}",
        f"{g} {t} {pick(rng, GRADES)} {bulk_phrase(rng)}",
        f"jual {t} {g} {pick(rng, ORIGINS)} murah",
        f"{t} campur {g} dan {pick(rng, GARMENTS)} {import_cue(rng)}",
        f"{pick(rng, GRADES)} {t} {g} segel",
    ]
    desc = [
        f"{t} {g} {bulk_phrase(rng)}, {pick(rng, GRADES)}.",
        f"Barang {import_cue(rng)}, masih segel dari gudang.",
        f"Isi campur ukuran, {pick(rng, ['tanpa pilih', 'tidak bisa pilih', 'random', 'acak'])}.",
        f"Cocok untuk modal usaha {pick(rng, ['thrift', 'lapak', 'pasar malam', 'online shop'])}.",
        f"Pengiriman dari {pick(rng, CITIES)}, ongkir ditanggung pembeli.",
        pick(rng, SELLER_CHATTER),
    ]
    return {"title": pick(rng, titles), "desc": desc, "price": rng.randint(9, 160) * 100_000,
            "family": fam, "cue": t}


def per_kilo(rng: random.Random) -> Parts:
    t = term(rng, "kilo")
    g = pick(rng, GARMENTS)
    titles = [
        f"{g} {t} {import_cue(rng)}", f"{g} {pick(rng, ['second', 'seken', 'bekas'])} {t}",
        f"{t} {g} {pick(rng, GRADES)} min {rng.choice([1, 5, 10])} kg",
        f"jual {g} {pick(rng, ORIGINS)} {t} murah meriah",
    ]
    desc = [
        f"Harga di atas untuk {rng.choice(['1 kg', '1 kilo', 'per kilo', 'sekilo'])}, "
        f"1 kg isi {rng.randint(3, 8)}-{rng.randint(9, 14)} pcs.",
        f"Minimal order {rng.choice([5, 10, 20, 25])} kg.",
        f"Barang {pick(rng, ['sortiran', 'unsortir', 'pilihan', 'campur'])} {import_cue(rng)}.",
        pick(rng, SELLER_CHATTER),
    ]
    return {"title": pick(rng, titles), "desc": desc, "price": rng.randint(25, 160) * 1000,
            "family": "kilo", "cue": t}


def bale_opening(rng: random.Random) -> Parts:
    t = term(rng, "buka")
    g = pick(rng, GARMENTS)
    when = pick(rng, ["nanti malam", "jam 7 malam", "jam 20.00", "besok pagi", "malam ini", "sekarang",
                      "jam 9 WIB", "sore ini"])
    titles = ["", "", f"{t} {g} {pick(rng, ORIGINS)}", f"LIVE {t.upper()} {when}",
              f"{t} {pick(rng, GRADES)} {when}"]
    desc = [
        f"{t} {pick(rng, ORIGINS)} {when}!",
        f"{pick(rng, ['Isinya', 'Isi', 'Dalemnya'])} {g} {pick(rng, BRANDS)} dan lain-lain.",
        f"Harga mulai {rng.choice([10, 15, 20, 25, 35])}rb, {pick(rng, ['siapa cepat dia dapat', 'keep langsung transfer', 'ketik mau + ukuran'])}.",
        f"Barang fresh {pick(rng, ['dari gudang', 'dari pelabuhan', 'baru turun', 'segel baru dibuka'])}.",
        tags(rng, rng.randint(1, 4)),
    ]
    return {"title": pick(rng, titles), "desc": desc, "price": rng.choice([None, 10_000, 15_000, 25_000]),
            "family": "buka", "cue": t, "social": True}


def retail_thrift(rng: random.Random) -> Parts:
    t = term(rng, "thrift")
    g = pick(rng, GARMENTS)
    b = pick(rng, BRANDS)
    titles = [
        f"{g} {b} {t} size {pick(rng, SIZES)}", f"{b} {g} {pick(rng, ['second', 'seken', 'bekas'])} {import_cue(rng)}",
        f"{t} {g} {b} {pick(rng, CONDITIONS)}", f"{g} {b} original {t}",
        f"{g} {b} {pick(rng, ['2nd', 'second', 'preloved'])} ex {pick(rng, ORIGINS)}",
    ]
    desc = [
        f"{g} {b} {t}, {pick(rng, CONDITIONS)}.", f"Size {pick(rng, SIZES)}.",
        f"{pick(rng, ['Barang', 'Item', 'Stok'])} {import_cue(rng)}, {pick(rng, ['sudah dicuci', 'laundry bersih', 'siap pakai'])}.",
        pick(rng, SELLER_CHATTER), tags(rng, rng.randint(0, 3)),
    ]
    return {"title": pick(rng, titles), "desc": desc, "price": rng.randint(3, 45) * 10_000,
            "family": "thrift", "cue": t}


def regional(rng: random.Random) -> Parts:
    fam = rng.choice(["regional_east", "regional_west"])
    t = term(rng, fam)
    g = pick(rng, GARMENTS)
    titles = [
        f"{g} {t} {pick(rng, BRANDS)}", f"{t} {g} {import_cue(rng)}", f"baju {t} {pick(rng, GRADES)} murah",
        f"{t} {pick(rng, CITIES)} {g} {pick(rng, CONDITIONS)}", f"{g} {t} {bulk_phrase(rng)}",
        f"{t} {g} {pick(rng, SIZES)}",
    ]
    desc = [
        f"{pick(rng, ['Pakaian', 'Baju', 'Barang', 'Stok'])} {t} {pick(rng, ['pilihan', 'terbaru', 'baru bongkar', 'fresh'])}.",
        f"{g} {pick(rng, BRANDS)} {pick(rng, CONDITIONS)}.",
        f"Bisa {pick(rng, ['eceran', 'ambil banyak', 'grosir', 'per bal'])}.",
        pick(rng, SELLER_CHATTER),
    ]
    return {"title": pick(rng, titles), "desc": desc, "price": rng.randint(2, 60) * 10_000,
            "family": fam, "cue": t}


def shop_cue_only(rng: random.Random) -> Parts:
    g = pick(rng, GARMENTS)
    b = pick(rng, BRANDS)
    titles = [f"{g} {b} size {pick(rng, SIZES)}", f"{b} {g} {pick(rng, ['original', 'ori', 'authentic'])}",
              f"{g} {pick(rng, ['pria', 'wanita', 'unisex'])} {b} {pick(rng, SIZES)}", f"{g} {b} {pick(rng, CONDITIONS)}"]
    desc = [f"{g} {b}, {pick(rng, CONDITIONS)}.", f"Ukuran {pick(rng, SIZES)}.", pick(rng, SELLER_CHATTER)]
    return {"title": pick(rng, titles), "desc": desc, "price": rng.randint(4, 30) * 10_000,
            "family": "shop", "cue": "", "thrift_shop": True}


def reseller_package(rng: random.Random) -> Parts:
    g = pick(rng, GARMENTS)
    pk = pick(rng, ["paket usaha", "paket reseller", "paket modal usaha", "paket jualan", "paket dropship"])
    titles = [f"{pk} {g} {pick(rng, ['second', 'bekas', 'thrift', 'preloved'])} {bulk_phrase(rng)}",
              f"{pk} {pick(rng, ['thrift', 'preloved', 'seken'])} {import_cue(rng)} {bulk_phrase(rng)}",
              f"{pk} {g} {import_cue(rng)} {pick(rng, ['second', 'bekas'])}"]
    desc = [f"{pk.capitalize()} {bulk_phrase(rng)}, {g} {pick(rng, ['second', 'bekas', 'preloved'])} campur.",
            f"Barang {import_cue(rng)}, {pick(rng, GRADES)}.", "Untung bisa 2-3x lipat.", pick(rng, SELLER_CHATTER)]
    return {"title": pick(rng, titles), "desc": desc, "price": rng.randint(5, 60) * 100_000,
            "family": "package", "cue": pk}


def coinage_context(rng: random.Random) -> Parts:
    """A made-up code word carried only by its context: bulk, weight, origin, sorting, bale opening."""
    t = term(rng, "coinage")
    g = pick(rng, TOPS)
    titles = [f"{t} {g} {import_cue(rng)} {bulk_phrase(rng)}", f"{t} {pick(rng, ORIGINS)} {pick(rng, GRADES)}",
              f"{g} {t} {bulk_phrase(rng)}", f"{t} {pick(rng, ['unsortir', 'sortir', 'segel', 'campur'])} {g}"]
    desc = [f"{t} {bulk_phrase(rng)}.", f"{g}, {pick(rng, GARMENTS)}, {pick(rng, GARMENTS)} {import_cue(rng)}.",
            f"{pick(rng, ['Tanpa pilih', 'Random', 'Acak', 'Tidak bisa pilih'])}, {pick(rng, GRADES)}.",
            pick(rng, SELLER_CHATTER)]
    return {"title": pick(rng, titles), "desc": desc, "price": rng.randint(8, 120) * 100_000,
            "family": "coinage", "cue": t}


def hashtag_only(rng: random.Random) -> Parts:
    g = pick(rng, GARMENTS)
    b = pick(rng, BRANDS)
    titles = [f"{g} {b} {pick(rng, SIZES)}", f"{b} {g}", ""]
    desc = [f"{g} {b} {pick(rng, CONDITIONS)}", f"size {pick(rng, SIZES)}", tags(rng, rng.randint(2, 5))]
    return {"title": pick(rng, titles), "desc": desc, "price": rng.randint(3, 30) * 10_000,
            "family": "hashtag", "cue": "", "social": rng.random() < 0.4}


TEMPLATES = [
    (bulk_bale, 5), (per_kilo, 3), (bale_opening, 3), (retail_thrift, 5), (regional, 4),
    (shop_cue_only, 2), (reseller_package, 1), (coinage_context, 3), (hashtag_only, 1),
]

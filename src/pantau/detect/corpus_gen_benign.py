# ruff: noqa: E501 - template sentences are kept whole on one line so they read as the listing will
"""Templates for benign listings (hard negatives that share the words, and ordinary goods) and
ambiguous single used garments, used by the corpus generator. Written for pantau."""

from __future__ import annotations

import random
from typing import Any

from pantau.detect.corpus_gen_vocab import (
    BRANDS,
    CITIES,
    COLORS,
    CONDITIONS,
    GARMENTS,
    HASHTAGS_BENIGN,
    ORIGINS,
    SELLER_CHATTER,
    SIZES,
)

Parts = dict[str, Any]


def pick(rng: random.Random, items: list[str]) -> str:
    return rng.choice(items)


def _p(rng: random.Random, lo: int, hi: int, step: int = 1000) -> int:
    return rng.randint(lo, hi) * step


def football(rng: random.Random) -> Parts:
    kind = pick(rng, ["bola futsal", "bola sepak", "bola basket", "bola voli", "ball futsal", "soccer ball",
                      "bal-balan anak", "bola plastik", "bola kaki", "bola tenis", "golf ball", "bowling ball",
                      "ball bearing", "bola lampu LED", "bal sepak size 5"])
    b = pick(rng, ["mikasa", "molten", "specs", "nike", "adidas", "ortuseight", "mitre", "spalding", "kelme"])
    return {"title": f"{kind} {b} {pick(rng, ['original', 'size 4', 'size 5', 'size 7', 'press', 'jahit'])}",
            "desc": [f"{kind.capitalize()} {b}, {pick(rng, ['baru', 'ori', 'kualitas match', 'untuk latihan'])}.",
                     pick(rng, ["Sudah dipompa.", "Dikirim kempes.", "Bahan PU.", "Garansi 1 bulan."]),
                     pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 35, 650), "cat": "Olahraga > Bola", "hn": "ball"}


def sacks(rng: random.Random) -> Parts:
    item = pick(rng, ["karung beras 25 kg", "karung beras bekas", "karung plastik", "karung goni kosong",
                      "karung pasir", "karung semen bekas", "karung bekas pakan", "glangsing plastik baru",
                      "beras 1 karung", "karung terigu bekas", "karung jumbo", "goni kopi"])
    return {"title": f"{item} {pick(rng, ['murah', 'isi 100 lembar', 'per lembar', 'grosir', 'ukuran 50x80', ''])}",
            "desc": [f"{item.capitalize()}, {pick(rng, ['bersih', 'kuat', 'tidak bocor', 'siap pakai'])}.",
                     pick(rng, ["Untuk beras, jagung, pasir.", "Cocok buat pindahan.", "Stok banyak.",
                                "Beras pulen pandan wangi.", "Untuk tanggul banjir."]),
                     pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 1, 400), "cat": pick(rng, ["Perlengkapan Rumah", "Makanan & Minuman > Beras",
                                                        "Pertukangan", "Industri"]), "hn": "sack"}


def baling_machine(rng: random.Random) -> Parts:
    item = pick(rng, ["mesin ball press", "mesin bal press hidrolik", "mesin press kardus", "baling machine",
                      "mesin press sampah plastik", "mesin balpres kain", "hydraulic baler"])
    return {"title": f"{item} {pick(rng, ['kapasitas 5 ton', '10 ton', 'otomatis', 'new', 'bergaransi'])}",
            "desc": [f"{item.capitalize()} untuk {pick(rng, ['kardus', 'plastik', 'kaleng', 'jerami', 'kapas', 'kertas'])}.",
                     f"Daya {rng.randint(2, 15)} kW, {pick(rng, ['garansi 1 tahun', 'bisa custom', 'ready'])}.",
                     pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 15, 350, 1_000_000), "cat": "Industri > Mesin", "hn": "machine"}


def tobacco_bale(rng: random.Random) -> Parts:
    item = pick(rng, ["bal tembakau", "tembakau per bal", "jerami per bal", "hay bale", "rumput kering per bal",
                      "kapas per bal", "kertas bekas per bal", "kardus bekas per bal", "benang per bal",
                      "sabut kelapa per bal", "kain majun per bal"])
    return {"title": f"{item} {pick(rng, ['madura', 'temanggung', 'kualitas super', 'kering', '20 kg', ''])}",
            "desc": [f"{item.capitalize()} {pick(rng, ['asli', 'kering', 'siap kirim', 'untuk ternak', 'grade A'])}.",
                     f"Berat {rng.randint(10, 60)} kg per bal.", pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 50, 2500), "cat": pick(rng, ["Pertanian", "Industri", "Hobi"]), "hn": "bale"}


def brand_second(rng: random.Random) -> Parts:
    brand = pick(rng, ["3SECOND", "3second", "Second Eight", "8second", "2nd red", "3 second", "seconds skate"])
    g = pick(rng, ["kaos", "kemeja", "jaket", "celana", "topi", "tas", "hoodie"])
    return {"title": f"{g} {brand} {pick(rng, ['original', 'new', 'terbaru', 'promo', 'men'])} {pick(rng, SIZES)}",
            "desc": [f"{g.capitalize()} {brand} baru, {pick(rng, ['tag lengkap', 'segel', 'dari outlet resmi'])}.",
                     pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 79, 450), "cat": "Fashion Pria", "hn": "brand"}


def bekasi(rng: random.Random) -> Parts:
    g = pick(rng, GARMENTS)
    return {"title": f"{g} {pick(rng, ['baru', 'new', 'murah', ''])} {pick(rng, ['bekasi', 'Bekasi', 'dari Bekasi', 'kota bekasi'])}",
            "desc": [f"{g.capitalize()} baru produksi konveksi Bekasi.", f"Bisa ambil di {pick(rng, ['Bekasi Timur', 'Bekasi Barat', 'Cikarang, Bekasi'])}.",
                     pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 35, 250), "cat": "Fashion", "hn": "bekasi", "loc": "Bekasi"}


def snack(rng: random.Random) -> Parts:
    item = pick(rng, ["cimol", "cimol bojot", "cimol kering", "cilok", "cireng", "cakar ayam", "ceker ayam",
                      "basreng", "seblak", "keripik kaca", "makaroni", "cimol isi keju", "telur grade A",
                      "apel grade A", "mangga grade A", "kopi per kg", "beras kiloan", "gula kiloan"])
    return {"title": f"{item} {pick(rng, ['pedas', 'original', 'frozen', '500 gr', '1 kg', 'khas bandung', 'homemade'])}",
            "desc": [f"{item.capitalize()} {pick(rng, ['gurih', 'renyah', 'tanpa pengawet', 'bumbu melimpah'])}.",
                     pick(rng, ["Tahan 3 hari.", "Simpan di freezer.", "Halal.", "Dikirim pakai bubble wrap."]),
                     pick(rng, [*HASHTAGS_BENIGN, "#jajanan", "#kuliner", "#snack"])],
            "price": _p(rng, 5, 120), "cat": "Makanan & Minuman", "hn": "food"}


def claw(rng: random.Random) -> Parts:
    item = pick(rng, ["jepit rambut cakar", "jedai cakar", "claw clip", "mainan claw machine", "mesin capit boneka",
                      "cakar kucing garukan", "cakar harimau mainan", "sarung tangan cakar", "claw hammer"])
    return {"title": f"{item} {pick(rng, ['korea', 'import', 'murah', 'lucu', 'besar', ''])}",
            "desc": [f"{item.capitalize()} {pick(rng, ['baru', 'bahan kuat', 'warna random', 'premium'])}.",
                     pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 3, 900), "cat": pick(rng, ["Aksesoris Rambut", "Mainan & Hobi", "Hewan Peliharaan"]),
            "hn": "claw"}


def new_import(rng: random.Random) -> Parts:
    g = pick(rng, GARMENTS)
    o = pick(rng, ["bangkok", "korea", "china", "guangzhou", "thailand", "turki", "jepang"])
    return {"title": f"{g} import {o} {pick(rng, ['baru', 'new', 'premium', 'terbaru', 'ready'])} {pick(rng, SIZES)}",
            "desc": [f"{g.capitalize()} import {o}, barang baru {pick(rng, ['bukan bekas', 'masih berlabel', 'dengan plastik', 'stok baru datang'])}.",
                     f"Bahan {pick(rng, ['katun', 'polyester', 'linen', 'denim', 'rajut'])}, warna {pick(rng, COLORS)}.",
                     pick(rng, ["Batam new stock.", "Barang batam baru.", "Grosir bisa.", ""]), pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 45, 400), "cat": "Fashion", "hn": "new-import"}


def used_vehicle(rng: random.Random) -> Parts:
    item = pick(rng, ["mesin diesel ex jepang", "iphone 11 second ex inter", "motor bekas", "hp second",
                      "laptop bekas ex singapore", "kamera analog ex jepang", "lensa second", "ps4 bekas",
                      "mobil bekas", "genset ex jepang", "sepeda lipat ex jepang", "velg bekas",
                      "mesin jahit bekas ex jepang", "kulkas second", "gitar second", "ipad bekas mulus"])
    return {"title": f"{item} {pick(rng, ['mulus', 'normal', 'kondisi 90%', 'siap pakai', 'lengkap'])}",
            "desc": [f"{item.capitalize()}, {pick(rng, CONDITIONS)}.", pick(rng, ["Fungsi normal semua.", "Surat lengkap.",
                     "Garansi toko 1 minggu.", "Minus lecet pemakaian."]), pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 300, 30_000), "cat": pick(rng, ["Handphone", "Otomotif", "Elektronik", "Komputer", "Hobi"]),
            "hn": "used-goods"}


def bundle(rng: random.Random) -> Parts:
    item = pick(rng, ["bundle skincare", "paket bundling", "game bundle ps5", "bundle makeup", "paket hemat",
                      "bundling susu", "bundle buku", "paket usaha kopi", "paket usaha es teh", "bundle voucher"])
    return {"title": f"{item} {pick(rng, ['isi 5', 'murah', 'promo', 'lengkap', 'original'])}",
            "desc": [f"{item.capitalize()} berisi {rng.randint(3, 12)} item.", pick(rng, ["BPOM.", "Segel.", "Free pouch."]),
                     pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 40, 2500), "cat": pick(rng, ["Kecantikan", "Gaming", "Makanan & Minuman", "Buku"]),
            "hn": "bundle"}


def own_preloved(rng: random.Random) -> Parts:
    g = pick(rng, GARMENTS)
    return {"title": f"{pick(rng, ['preloved', 'prelove', 'bekas pribadi'])} {g} {pick(rng, BRANDS)} {pick(rng, SIZES)}",
            "desc": [f"{pick(rng, ['Preloved pribadi', 'Punya sendiri', 'Koleksi pribadi', 'Dipakai sendiri'])}, "
                     f"{pick(rng, ['jarang dipakai', 'sudah kekecilan', 'beli di mall', 'dipakai 2x'])}.",
                     f"{pick(rng, CONDITIONS)}.", pick(rng, ["Bukan barang impor bekas.", "Bukan thrift.", "Beres-beres lemari.", ""])],
            "price": _p(rng, 20, 300), "cat": "Fashion Wanita", "hn": "preloved-own"}


def wholesale_new(rng: random.Random) -> Parts:
    g = pick(rng, ["kaos polos", "kaos kaki", "celana dalam", "jilbab", "gamis", "kemeja kerja", "daster", "kaos oblong"])
    return {"title": f"grosir {g} {pick(rng, ['isi 12 pcs', 'per kodi', 'kodian', 'isi 6', 'lusinan', 'min 1 lusin'])} baru",
            "desc": [f"{g.capitalize()} baru produksi {pick(rng, ['konveksi sendiri', 'pabrik', 'tanah abang', 'lokal'])}.",
                     f"{pick(rng, ['Sisa ekspor baru', 'Reject ekspor masih baru', 'Stok baru', 'Bahan cotton combed 30s'])}.",
                     pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 60, 900), "cat": "Fashion", "hn": "wholesale-new"}


def kiloan_other(rng: random.Random) -> Parts:
    item = pick(rng, ["laundry kiloan", "kain perca kiloan", "besi tua kiloan", "plastik bekas kiloan",
                      "benang kiloan", "manik-manik kiloan", "kancing kiloan", "kertas hvs kiloan", "majun kiloan"])
    return {"title": f"{item} {pick(rng, ['murah', pick(rng, CITIES), 'per kg', 'express'])}",
            "desc": [f"{item.capitalize()} {pick(rng, ['harga per kg', 'minimal 3 kg', 'bisa antar jemput'])}.",
                     pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 5, 60), "cat": pick(rng, ["Jasa", "Kerajinan", "Industri"]), "hn": "kiloan-other"}


ORDINARY = [
    ("Elektronik", ["powerbank 10000mah", "earphone bluetooth", "charger fast charging", "smart tv 43 inch",
                    "speaker portable", "kabel data type c", "mouse wireless", "rice cooker"]),
    ("Rumah Tangga", ["panci set", "rak piring", "sapu ijuk", "ember plastik", "dispenser air", "kasur lipat",
                      "sprei katun baru", "gorden minimalis"]),
    ("Kecantikan", ["serum vitamin c", "sunscreen spf 50", "lipstik matte", "sabun muka", "parfum"]),
    ("Makanan & Minuman", ["kopi bubuk", "madu hutan", "kurma", "teh celup", "sambal botol", "frozen food"]),
    ("Buku", ["novel", "buku resep", "komik", "buku pelajaran sd", "alquran"]),
    ("Otomotif", ["oli mesin", "helm full face", "ban motor", "aki mobil", "jas hujan"]),
    ("Ibu & Bayi", ["popok bayi", "stroller", "botol susu", "baju bayi baru"]),
    ("Hewan", ["makanan kucing", "pasir kucing", "kandang hamster"]),
    ("Fashion", ["kemeja pria lengan panjang", "kaos distro", "hoodie polos", "celana jeans pria slim fit",
                 "sepatu sneakers pria", "dress wanita", "jaket bomber", "tas ransel laptop", "kaos vintage style",
                 "kemeja flanel baru", "jaket denim wanita", "rok plisket", "sandal jepit"]),
]


def ordinary(rng: random.Random) -> Parts:
    cat, items = rng.choice(ORDINARY)
    item = pick(rng, items)
    fashion = cat == "Fashion"
    extra = pick(rng, ["original", "murah", "terlaris", "promo", "baru", "premium", "ready stock", "cod"])
    desc = [f"{item.capitalize()} {pick(rng, ['kualitas terbaik', 'baru', 'garansi resmi', 'bisa grosir', 'dijamin ori'])}."]
    if fashion:
        desc.append(f"Ukuran {pick(rng, SIZES)}, warna {pick(rng, COLORS)}, bahan {pick(rng, ['katun', 'fleece', 'denim', 'rayon'])}.")
        desc.append(pick(rng, ["Produk lokal.", "Brand lokal.", "Jahitan rapi.", "Barang baru, bukan bekas.", ""]))
    desc += [pick(rng, SELLER_CHATTER), " ".join(rng.sample(HASHTAGS_BENIGN, rng.randint(0, 3)))]
    return {"title": f"{item} {extra}", "desc": desc, "price": _p(rng, 10, 2000),
            "cat": f"{cat}", "hn": "ordinary"}


def ambiguous_single(rng: random.Random) -> Parts:
    g = pick(rng, GARMENTS)
    b = pick(rng, BRANDS)
    used = pick(rng, ["second", "bekas", "seken", "2nd", "preloved", "pernah dipakai", "used"])
    titles = [f"{g} {used} {b} size {pick(rng, SIZES)}", f"{b} {g} {used} {pick(rng, CONDITIONS)}",
              f"{g} {b} {used}", f"{used} {g} {b} {pick(rng, COLORS)}"]
    return {"title": pick(rng, titles),
            "desc": [f"{g.capitalize()} {b} {used}, {pick(rng, CONDITIONS)}.", f"Size {pick(rng, SIZES)}.",
                     pick(rng, SELLER_CHATTER)],
            "price": _p(rng, 20, 350), "cat": pick(rng, ["Fashion Pria", "Fashion Wanita", "Fashion", ""]),
            "hn": "single-used"}


HARD_NEGATIVES = [
    (football, 3), (sacks, 3), (baling_machine, 2), (tobacco_bale, 2), (brand_second, 2), (bekasi, 2),
    (snack, 3), (claw, 2), (new_import, 4), (used_vehicle, 3), (bundle, 2), (own_preloved, 3),
    (wholesale_new, 3), (kiloan_other, 2),
]
ORDINARY_WEIGHT = 14
ORIGIN_WORDS = ORIGINS

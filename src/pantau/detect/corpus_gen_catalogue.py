# ruff: noqa: E501 - template sentences are kept whole on one line so they read as the listing will
"""Ordinary marketplace goods for the corpus generator: the benign bulk of any real catalogue.

Titles are built the way Indonesian sellers write them (brand, product, model, specs, variant,
promo words, sizes; often in capitals, often without a description), across many categories,
with NEW clothing using the same garment and brand words as the violating templates, so that
garment and brand words stay neutral and only used-import, bulk and thrift context decides.
Written for pantau; nothing here comes from shared/data.
"""

from __future__ import annotations

import random
from typing import Any

from pantau.detect.corpus_gen_vocab import BRANDS, COLORS, GARMENTS, SIZES

PROMO = ["", "", "", "PROMO", "COD", "BISA COD", "READY STOCK", "TERMURAH", "BEST SELLER", "FREE ONGKIR",
         "[BISA COD]", "✅ ORI", "⭐ TERLARIS", "DISKON", "NEW", "HOT ITEM", "GARANSI RESMI", "100% ORIGINAL",
         "GROSIR", "MURAH", "PREMIUM", "KUALITAS IMPORT", "IMPORT", "ORIGINAL IMPORT", "FLASH SALE",
         "(COD)", "SNI", "BPOM", "HALAL", "OFFICIAL STORE", "PROMO 12.12", "RESTOCK", "LIMITED"]

CATALOGUE: dict[str, tuple[list[str], list[str], list[str]]] = {
    "Handphone & Tablet": (
        ["hp", "smartphone", "iphone 11", "iphone 13 pro", "samsung galaxy a54", "redmi note 12", "oppo a78",
         "vivo y36", "ipad 9", "tablet android", "realme c55", "infinix hot 30", "poco x5"],
        ["apple", "samsung", "xiaomi", "oppo", "vivo", "realme", "infinix"],
        ["8/256gb", "4/64", "garansi resmi", "second mulus", "bekas normal", "ex inter", "fullset", "batangan",
         "ibox", "128gb", "5g", "nfc", "bekas like new", "second ori", "minus fingerprint"]),
    "Komputer & Laptop": (
        ["laptop gaming", "laptop", "macbook air m1", "macbook pro", "keyboard mechanical", "keycaps pbt",
         "mouse gaming", "monitor 24 inch", "ssd nvme 1tb", "ram ddr4 16gb", "vga rtx 3060", "headset gaming",
         "mousepad xl", "switch gateron", "webcam", "printer"],
        ["asus rog", "lenovo legion", "acer nitro", "hp victus", "msi", "logitech", "rexus", "fantech",
         "keychron", "razer", "dell", "apple", "steelseries", "gigabyte"],
        ["rtx 4050", "i5 gen 12", "ryzen 7", "16gb 512gb", "second", "bekas mulus", "garansi", "rgb", "hotswap",
         "cherry profile", "129 keys", "wireless", "144hz", "ex singapore", "bnib", "segel"]),
    "Gaming": (
        ["ps5", "ps4 slim", "nintendo switch oled", "stik ps", "kaset ps5", "game switch", "joystick",
         "voucher game", "xbox series s", "steam deck"],
        ["sony", "nintendo", "microsoft", "8bitdo", "dualsense"],
        ["second", "bekas", "cfw", "fullset", "garansi", "reg 3", "bundle game", "digital", "ex jepang", "mulus"]),
    "Olahraga": (
        ["raket badminton", "sepatu futsal", "sepatu lari", "matras yoga", "dumbell", "sepeda mtb",
         "jersey sepeda", "bola basket", "shuttlecock", "stick golf", "kaos kaki bola", "decker",
         "jersey bola", "baju renang", "celana training"],
        ["yonex", "li-ning", "specs", "ortuseight", "mills", "nike", "adidas", "puma", "polygon", "decathlon"],
        ["original", "grade ori", "player issue", "size 39-44", "new", "bnib", "ori indonesia", "premium"]),
    "Jam Tangan": (
        ["jam tangan pria", "jam tangan wanita", "smartwatch", "jam tangan couple", "jam digital"],
        ["casio", "seiko", "alexandre christie", "g-shock", "fossil", "xiaomi", "amazfit", "swatch"],
        ["original", "anti air", "garansi resmi", "rantai", "kulit", "automatic", "second", "bekas ori"]),
    "Mainan & Hobi": (
        ["lego", "diecast", "action figure", "boneka", "puzzle", "rc car", "gundam", "tamiya", "kartu pokemon",
         "slime", "mainan edukasi", "plushie", "model kit"],
        ["bandai", "hot wheels", "tomica", "lego", "funko", "hasbro", "mattel"],
        ["original", "ori jepang", "import", "new", "segel", "1:64", "mg", "rg", "hg", "second", "loose"]),
    "Kecantikan": (
        ["serum", "toner", "sunscreen", "moisturizer", "lipstik", "cushion", "masker wajah", "parfum", "body lotion",
         "shampoo", "facial wash", "lip tint"],
        ["wardah", "somethinc", "skintific", "emina", "scarlett", "the originote", "azarine", "make over"],
        ["bpom", "original", "100ml", "30ml", "share in jar", "travel size", "paket", "bundling"]),
    "Rumah Tangga": (
        ["panci", "wajan anti lengket", "rak sepatu", "lemari plastik", "kasur busa", "bantal", "sprei",
         "gorden", "keset", "rice cooker", "blender", "kipas angin", "setrika", "dispenser", "jemuran baju",
         "hanger", "vacuum cleaner", "sapu", "tempat sampah"],
        ["maspion", "cosmos", "miyako", "philips", "sharp", "lion star", "olympic", "informa"],
        ["jumbo", "stainless", "anti karat", "2 pintu", "180x200", "minimalis", "set", "grosir", "new"]),
    "Makanan & Minuman": (
        ["kopi arabika", "teh hijau", "madu", "keripik", "sambal", "frozen food", "beras", "minyak goreng",
         "susu uht", "coklat", "kurma", "mie instan", "snack"],
        ["kapal api", "indomie", "sania", "ultra milk", "silverqueen", "chitato", "lokal"],
        ["1 kg", "500 gr", "per dus", "isi 40", "halal", "exp lama", "grosir", "kiloan", "repack", "1 karton"]),
    "Otomotif": (
        ["helm", "oli mesin", "ban motor", "aki", "spion", "jaket motor", "sarung tangan motor", "lampu led motor",
         "knalpot racing", "kampas rem", "jas hujan", "velg"],
        ["kyt", "ink", "nhk", "shell", "motul", "ahm", "yamaha", "honda", "michelin", "federal"],
        ["original", "sni", "ring 14", "full face", "half face", "bekas", "second", "copotan", "ex jepang"]),
    "Buku & Alat Tulis": (
        ["novel", "komik", "buku resep", "buku pelajaran", "pulpen", "buku tulis", "tas sekolah", "kotak pensil",
         "stiker", "al quran"],
        ["gramedia", "erlangga", "joyko", "kenko", "faber castell", "snowman"],
        ["original", "bekas", "second", "segel", "isi 12", "lusin", "a5", "b5", "hardcover"]),
    "Ibu & Bayi": (
        ["popok", "botol susu", "stroller", "gendongan bayi", "baju bayi", "mainan bayi", "tisu basah",
         "kereta bayi", "baby walker"],
        ["pigeon", "mamypoko", "sweety", "cocolatte", "baby safe", "dr brown"],
        ["new", "second", "bekas", "preloved", "size m", "isi 50", "jumbo pack"]),
    "Hewan Peliharaan": (
        ["makanan kucing", "pasir kucing", "kandang kucing", "makanan anjing", "aquarium", "pakan ikan"],
        ["whiskas", "royal canin", "me-o", "pro plan", "bolt"],
        ["1 kg", "repack", "freshpack", "20 kg", "karung", "per sak", "grosir"]),
    "Perkakas": (
        ["bor listrik", "gerinda", "obeng set", "kunci pas", "tang", "meteran", "cat tembok", "lem", "paku",
         "semen", "pipa pvc", "kabel listrik"],
        ["bosch", "makita", "tekiro", "krisbow", "dulux", "avian", "wavin"],
        ["original", "set", "1 sak", "40 kg", "per roll", "50 meter", "bekas", "second"]),
}


def _clothing_title(rng: random.Random) -> tuple[str, str]:
    g = rng.choice(GARMENTS)
    b = rng.choice([*BRANDS, "distro", "lokal", "erigo", "roughneck", "thanksinsomnia", "kick denim",
                             "brodo", "compass", "aerostreet", "geoff max", "eiger", "consina", "arei", "hammer"])
    who = rng.choice(["pria", "wanita", "unisex", "anak", "cowok", "cewek", "oversize", ""])
    attr = rng.choice(["polos", "premium", "bordir", "sablon", "tebal", "katun combed 30s", "fleece", "waterproof",
                       "korean style", "vintage style", "casual", "slim fit", "kekinian", "terbaru", "original",
                       "import", "ori", "new", "motif", "kotak-kotak", "basic", "bahan adem"])
    size = rng.choice([*SIZES, "M-XXL", "S M L XL", "all size fit to L", "jumbo", "big size"])
    color = rng.choice(COLORS)
    forms = [f"{g} {who} {attr} {b}", f"{b} {g} {attr} {size}", f"{g} {b} {color} {size}",
             f"{g} {who} {attr} {color} {size}", f"{b} {g} {who} original",
             f"paket {rng.randint(2, 6)} pcs {g} {attr}", f"{g} {attr} isi {rng.randint(2, 12)} pcs",
             f"{g} {b} made in {rng.choice(['vietnam', 'indonesia', 'china', 'bangladesh', 'cambodia'])}",
             f"{g} {who} {rng.choice(['import', 'impor'])} {rng.choice(['bangkok', 'china', 'korea', 'premium'])} {size}",
             f"{b} {g} {rng.choice(['grade ori', 'ori 100%', 'original bnwt', 'asli', 'bnib'])} {size}",
             f"setelan {g} {who} {attr}", f"{g} {who} lengan panjang {attr}", f"{g} {who} lengan pendek {color}"]
    return rng.choice(forms), "Fashion"


def catalogue_item(rng: random.Random) -> dict[str, Any]:
    """One ordinary product listing; clothing (new) about a third of the time."""
    if rng.random() < 0.6:
        title, cat = _clothing_title(rng)
        desc_bits = [f"Bahan {rng.choice(['katun', 'fleece', 'denim', 'cotton', 'rayon', 'polyester', 'kulit sintetis'])}.",
                     f"Ukuran {rng.choice(SIZES)}.", rng.choice(["Barang baru.", "Produk lokal.", "Jahitan rapi.",
                                                                  "Ready semua ukuran.", "Original store.", ""]),
                     rng.choice(["Warna sesuai foto.", "Cek size chart.", "Bisa retur jika tidak sesuai.", ""])]
        price = rng.randint(3, 60) * 5000
    else:
        cat = rng.choice(list(CATALOGUE))
        nouns, brands, attrs = CATALOGUE[cat]
        noun, brand = rng.choice(nouns), rng.choice(brands)
        a1, a2 = rng.sample(attrs, 2)
        forms = [f"{noun} {brand} {a1}", f"{brand} {noun} {a1} {a2}", f"{noun} {a1} {a2}", f"{noun} {brand}",
                 f"{noun} {a1}"]
        title = rng.choice(forms)
        desc_bits = [f"{noun.capitalize()} {brand} {a1}.", rng.choice(["Garansi toko.", "Barang sesuai foto.",
                     "Kondisi normal.", "Stok banyak.", "Tanya stok dulu.", ""]),
                     rng.choice(["Pengiriman setiap hari kecuali Minggu.", "Packing kayu tersedia.", ""])]
        price = rng.choice([rng.randint(1, 100) * 1000, rng.randint(10, 500) * 10_000, rng.randint(1, 30) * 1_000_000])
    promo = rng.choice(PROMO)
    title = f"{promo} {title}" if rng.random() < 0.5 else f"{title} {promo}"
    return {"title": " ".join(title.split()), "desc": desc_bits, "price": price, "cat": cat, "hn": "ordinary"}


def clothing_twin(rng: random.Random) -> dict[str, Any]:
    """New clothing written with the violating templates' words (garment, brand, origin, grade,
    pieces, 'campur', 'super'), so those words alone never carry a verdict."""
    g, g2 = rng.choice(GARMENTS), rng.choice(GARMENTS)
    b = rng.choice(BRANDS)
    o = rng.choice(ORIGIN_STYLE)
    size = rng.choice(SIZES)
    titles = [f"{g} {b} {o} {size}", f"{g} dan {g2} {b} baru", f"paket {rng.randint(2, 5)} pcs {g} {b} new",
              f"{g} {b} grade ori {size}", f"{g} super premium {b}", f"jual {g} {b} {o} murah",
              f"{g} {rng.choice(['pria', 'wanita', 'anak'])} {b} {rng.choice(COLORS)}", f"{b} {g} original {size}",
              f"{g} warna campur {b} new", f"{g} {o} isi {rng.randint(2, 6)} pcs"]
    desc = [f"{g.capitalize()} {b} baru dan original, {rng.choice(['masih segel', 'tag lengkap', 'dengan box', 'belum pernah dipakai'])}.",
            f"Model {o} untuk {rng.choice(['pria', 'wanita', 'remaja', 'anak'])}, bahan {rng.choice(['adem', 'tebal', 'lembut'])}.",
            rng.choice(FILLER), rng.choice(FILLER)]
    return {"title": rng.choice(titles), "desc": desc, "price": rng.randint(4, 80) * 5000,
            "cat": rng.choice(["Fashion Pria", "Fashion Wanita", "Fashion", "Sepatu", "Fashion Anak"]), "hn": "twin"}


ORIGIN_STYLE = ["korean style", "model korea", "desain jepang", "style usa", "bahan import", "made for export",
                "import bangkok", "gaya eropa", "japan look", "ala korea", "made in vietnam", "brand usa", "new"]
FILLER = [
    "Silakan tanya dulu untuk stok dan ukuran.", "Pengiriman dengan ekspedisi yang aman dan cepat.",
    "Barang yang dikirim sesuai dengan foto.", "Terima kasih sudah mampir ke toko kami.",
    "Bisa untuk hadiah dan dipakai sehari-hari.", "Untuk pembelian banyak bisa chat admin.",
    "Pesanan diproses pada hari kerja.", "Harga sudah termasuk packing dan bubble wrap.",
    "Kualitas terjamin dan harga bersahabat.", "Jangan lupa follow dan kasih ulasan ya.",
    "Cocok untuk kerja, kuliah dan jalan-jalan.", "Ada juga warna lain, cek variasi.", "",
]

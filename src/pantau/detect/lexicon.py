"""Word lists the normaliser needs regardless of the policy pack: informal spellings, units, and a
base vocabulary for splitting run-together words (#thriftimport, bandungthrift).

Written by hand for pantau (no Indonesian word-frequency list ships as a well-kept package); the
policy pack's terms, contexts and clothing words are added to the vocabulary at load time.
"""

from __future__ import annotations

# Informal spellings and abbreviations common in Indonesian marketplace text -> the plain word.
# Only forms that are unambiguous in a listing are here ("bj", "pj" and "bi" are codes the policy
# pack reads in context, so they are NOT expanded).
INFORMAL: dict[str, str] = {
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "utk": "untuk", "tdk": "tidak", "gak": "tidak",
    "ga": "tidak", "nggak": "tidak", "engga": "tidak", "gk": "tidak", "sdh": "sudah", "udh": "sudah",
    "udah": "sudah", "blm": "belum", "bgt": "banget", "aja": "saja", "aj": "saja", "jg": "juga",
    "sy": "saya", "sm": "sama", "sma": "sama", "org": "orang", "dr": "dari", "dri": "dari",
    "drpd": "daripada", "krn": "karena", "karna": "karena", "tp": "tapi", "klo": "kalau",
    "kalo": "kalau", "kl": "kalau", "bs": "bisa", "bsa": "bisa", "lg": "lagi", "msh": "masih",
    "masi": "masih", "sj": "saja", "brg": "barang", "barng": "barang", "bkas": "bekas",
    "bks": "bekas", "bkss": "bekas", "seken": "second", "sekon": "second", "sekond": "second",
    "secon": "second", "scnd": "second", "2nd": "second", "skn": "second",
    "seccond": "second", "secnd": "second", "impor": "import", "imprt": "import", "imp": "import",
    "imported": "import", "thrif": "thrift", "trift": "thrift", "threft": "thrift",
    "thrit": "thrift", "trifting": "thrifting",
    "thriftting": "thrifting",
    "jpg": "jepang", "jpn": "jepang", "jepun": "jepang", "japan": "jepang", "japanese": "jepang",
    "korsel": "korea", "korean": "korea", "amerika": "usa", "america": "usa",
    "american": "usa", "pcs": "pcs", "psc": "pcs", "pc": "pcs", "kilo": "kg",
    "kilogram": "kg", "kgs": "kg", "krg": "karung", "krng": "karung", "krgan": "karungan",
    "baju2": "baju", "kaos2": "kaos", "bju": "baju", "kmj": "kemeja", "jkt": "jaket", "cln": "celana",
    "clana": "celana", "hodie": "hoodie", "hoody": "hoodie", "swater": "sweater", "switer": "sweater",
    "jeket": "jaket", "jacket": "jaket", "kemeja2": "kemeja", "tshirt": "kaos", "tee": "kaos",
    "pakean": "pakaian", "pakain": "pakaian", "ori": "original", "orii": "original", "branded": "brand",
    "prelove": "preloved", "prelovd": "preloved", "used": "bekas", "campur2": "campur",
    "mix": "campur", "mixed": "campur", "isi2": "isi", "hrg": "harga", "hrga": "harga", "grosiran": "grosir",
}

# Letters after a number that make it a quantity, size or price ("100kg", "rp70rb", "2xl"),
# never a disguised word.
UNITS = frozenset((
    "an", "cm", "g", "gb", "gr", "gram", "hp", "hz", "inch", "jt", "juta", "k", "kg", "kodi", "l", "lt",
    "lusin", "m", "mah", "mb", "meter", "ml", "mm", "mp", "nd", "pc", "pcs", "ps", "psc", "rb", "rd",
    "ribu", "s", "st", "tb", "th", "v", "w", "x", "xl", "xxl", "xxxl",
))



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English words common in shop names, for the splitter ("roomsecondstuff" -> "room second stuff").
SHOP_WORDS = _words(
    "room stuff stuffs thing things good goods outdoor indoor store stores studio daily club hub lab box "
    "works work world zone point place space spot center centre street city town home family friend "
    "friends best top super mega prime king queen boss bro sis mama papa baby little big "
    "old gold black white red blue green pink grey gray dark light star sun moon sky "
    "just only all your our their with from used usa uk life love look looks fit fits"
)

# Everyday words for the splitter. Kept short on purpose: the policy pack adds its own words.
BASE_WORDS = SHOP_WORDS | frozenset((
    "abu", "anak", "and", "apparel", "bag", "bags", "baju", "bal", "bale", "bali", "balikpapan", "ball",
    "bandung", "bangkok", "baru", "batam", "bekas", "bekasi", "beli", "biru", "bogor", "boy", "brand",
    "branded", "by", "cap", "caps", "celana", "cewek", "china", "closet", "clothes", "clothing", "co",
    "cod", "coklat", "collection", "collections", "corner", "cowok", "cream", "denim", "depok",
    "diskon", "dress", "dropship", "ecer", "eceran", "eropa", "europe", "fashion", "flanel", "for",
    "gallery", "garment", "girl", "gratis", "grosir", "hat", "hats", "hijau", "hitam", "hongkong",
    "hoodie", "house", "id", "impor", "import", "indonesia", "jakarta", "jaket", "japan", "jeans",
    "jeansnya", "jepang", "jogja", "jual", "kaki", "kaos", "karung", "karungan", "katun", "kaus",
    "kemeja", "kids", "kiloan", "korea", "kuning", "ladies", "lady", "live", "makassar", "malang",
    "malaysia", "man", "manado", "market", "mart", "medan", "men", "merah", "murah", "my", "navy",
    "new", "of", "official", "ongkir", "ori", "original", "outer", "outfit", "outfits", "padang",
    "paket", "palembang", "pasar", "pekanbaru", "pontianak", "preloved", "pria", "project", "promo",
    "putih", "rajut", "ready", "reseller", "retro", "rok", "sale", "samarinda", "sandal", "second",
    "semarang", "sepatu", "shoe", "shoes", "shop", "singapore", "size", "sneakers", "solo", "sortir",
    "sortiran", "stock", "stok", "store", "style", "surabaya", "sweater", "taiwan", "tangerang", "tas",
    "thailand", "the", "thrift", "thrifting", "toko", "topi", "uk", "ukuran", "unisex", "usa", "usaha",
    "vintage", "wanita", "wardrobe", "warna", "wear", "women", "yogyakarta",
))

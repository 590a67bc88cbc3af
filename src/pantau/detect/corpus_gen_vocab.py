"""Vocabularies for the training-corpus generator (`corpus_gen.py`).

Written for pantau from general knowledge of Indonesian marketplaces and the policy in
shared/policy; nothing here comes from the evaluation data. Families of code words are kept
apart (`CODE_FAMILIES`) so a test can train without one family and check that listings using
it in context are still caught: the model must learn context, not a word list.
"""

from __future__ import annotations

GARMENTS = [
    "kaos", "t-shirt", "tshirt", "kemeja", "kemeja flanel", "flanel", "hoodie", "sweater", "crewneck",
    "jaket", "jaket denim", "jaket jeans", "jaket kulit", "jaket parasut", "windbreaker", "parka", "coat",
    "trench coat", "blazer", "cardigan", "rajut", "celana jeans", "celana cargo", "celana chino",
    "celana pendek", "jogger", "rok", "rok plisket", "dress", "gaun", "blouse", "atasan wanita",
    "kemeja wanita", "outer", "vest", "rompi", "polo shirt", "jersey bola", "jersey basket", "sweatpants",
    "trucker jacket", "varsity jacket", "jaket gunung", "jaket outdoor", "kaos band", "kaos vintage",
    "baju anak", "baju bayi", "celana anak", "piyama", "daster", "training", "jumpsuit", "overall",
    "sepatu", "sneakers", "sepatu boots", "sepatu kets", "sandal", "tas", "tas selempang", "tas ransel",
    "tote bag", "dompet", "topi", "topi baseball", "kupluk", "syal", "selimut", "sprei", "gorden",
    "celana kulot", "kemeja kotak", "batik", "mukena", "sweater rajut", "long dress",
]
TOPS = ["kaos", "kemeja", "hoodie", "sweater", "jaket", "blouse", "crewneck", "flanel", "polo", "cardigan"]
BRANDS = [
    "uniqlo", "zara", "h&m", "levis", "levi's", "nike", "adidas", "champion", "carhartt", "ralph lauren",
    "polo rl", "tommy hilfiger", "gap", "the north face", "tnf", "columbia", "patagonia", "stussy",
    "muji", "gu", "dickies", "wrangler", "lee", "puma", "fila", "kappa", "burberry", "mango",
    "pull&bear", "bershka", "ellesse", "harley davidson", "disney", "mont-bell", "beams", "lacoste",
    "calvin klein", "guess", "converse", "vans", "new balance", "asics", "coach", "michael kors",
    "gucci", "prada", "chanel", "nautica", "timberland", "eddie bauer", "l.l.bean", "spao", "8seconds",
    "topten", "giordano", "esprit", "cotton on", "forever 21", "old navy", "abercrombie", "hollister",
]
ORIGINS = [
    "korea", "korsel", "jepang", "japan", "jpn", "usa", "amerika", "us", "eropa", "europe", "uk",
    "inggris", "china", "hongkong", "hk", "taiwan", "thailand", "singapore", "malaysia", "australia",
    "kanada", "jerman", "belanda", "italia", "perancis",
]
CITIES = [
    "jakarta", "bandung", "surabaya", "medan", "makassar", "semarang", "yogyakarta", "jogja", "solo",
    "malang", "denpasar", "batam", "pekanbaru", "palembang", "pontianak", "samarinda", "balikpapan",
    "manado", "padang", "lampung", "bogor", "depok", "tangerang", "cirebon", "tasikmalaya", "kediri",
    "jember", "mataram", "kupang", "banjarmasin", "tegal", "purwokerto", "garut", "sukabumi", "serang",
]
CONDITIONS = [
    "kondisi 90%", "kondisi 95%", "like new", "mulus", "no minus", "minus pemakaian wajar", "layak pakai",
    "masih bagus", "bersih", "no noda", "ada noda dikit", "kondisi oke", "95% like new", "normal",
]
SIZES = ["S", "M", "L", "XL", "XXL", "all size", "fit L", "ld 100 pj 70", "ld 110", "size 42", "size 38"]
COLORS = ["hitam", "putih", "navy", "abu", "merah", "hijau army", "coklat", "krem", "biru", "maroon", "mix warna"]

# --- code words, by family (policy points 1-3). Each family is one idea written many ways.
CODE_FAMILIES: dict[str, list[str]] = {
    "bal": ["bal", "ball", "bale", "bal press", "balpres", "ballpress", "bal segel", "bal original",
            "bal premium", "bal mix", "bal ori"],
    "karung": ["karung", "karungan", "sekarung", "per karung", "goni", "karung goni", "glangsing",
               "karung press"],
    "kilo": ["kiloan", "per kilo", "perkilo", "/kg", "per kg", "timbangan", "sistem timbang"],
    "buka": ["buka bal", "pecah bal", "bongkar bal", "live buka bal", "unboxing bal", "buka karung",
             "bongkar karung", "live bongkar"],
    "regional_east": ["cakar", "cakaran", "rombengan", "rb", "monza", "babebo"],
    "regional_west": ["awul-awul", "awulan", "obok-obok", "lelong", "cimol", "pj", "bj"],
    "thrift": ["thrift import", "thrifting import", "second import", "seken impor", "bekas impor",
               "2nd import", "preloved import", "import second", "sekenan impor", "barang bal",
               "hasil sortir bal", "sortiran bal", "baju batam bekas", "bi batam"],
    # invented-style coinages of the kind sellers switch to after a crackdown
    "coinage": ["bongkaran", "tumpukan", "borongan ikat", "paket dus", "dusan", "kardusan", "gunian",
                "sak-sakan", "bandelan", "obralan impor", "loakan impor", "gudangan", "ikatan",
                "koli-an", "palet", "bal-balan", "karungin", "goni-an", "timbang-an", "sortiran gudang"],
}
BULK_PHRASES = [
    "isi {n} pcs", "isi ±{n} pcs", "isi kurang lebih {n} pcs", "berat {k} kg", "{k}kg", "{k} kilo",
    "total {n} potong", "sekitar {n} lembar", "{n}an pcs", "estimasi {n} pcs", "bobot {k} kg",
]
IMPORT_CUES = [
    "ex {o}", "dari {o}", "asli {o}", "import {o}", "impor {o}", "kiriman {o}", "barang {o}",
    "langsung dari {o}", "eks {o}", "ori {o}", "made for {o} market",
]
THRIFT_WORDS = ["thrift", "thrifting", "thriftshop", "thrift store", "preloved", "second", "seken", "2nd",
                "bekas", "vintage", "rare item", "hunting", "sortiran", "grade a", "grade b", "grade s"]
GRADES = ["grade A", "grade B", "grade S", "kelas A", "super", "campur", "mix", "unsortir", "sortir"]
HASHTAGS_VIOL = [
    "#thrift", "#thriftshop", "#thriftimport", "#thriftindonesia", "#thrifting", "#bukabal",
    "#balpress", "#ballpress", "#preloved", "#secondimport", "#baju_bekas", "#bajuimport",
    "#thriftjakarta", "#thriftbandung", "#thriftsurabaya", "#secondbranded", "#jualbal",
    "#karungan", "#bajubal", "#vintageimport", "#thriftmurah", "#cakar", "#awulawul",
]
HASHTAGS_BENIGN = [
    "#ootd", "#fashion", "#promo", "#murah", "#original", "#distro", "#localbrand", "#newarrival",
    "#readystock", "#grosir", "#olshop", "#jualan", "#diskon", "#kuliner", "#jajanan", "#gadget",
]
SHOP_VIOL = [
    "{c} Thrift", "Thrift{c}", "Gudang Bal {C}", "Ballpress {C}", "Kedai Seken {C}", "Bal Import {C}",
    "{n} Thriftstore", "Second Corner {C}", "Karungan {C}", "Vintage Hunter {C}", "Import Bekas {C}",
    "Sortiran {C}", "Preloved Import {C}", "Rumah Thrift {n}", "{n} Second Branded", "Lapak Bal {n}",
    "Cakar {C}", "Monza {C}", "Awul {C}", "Thrifty {n}", "{n}.thrift", "{n}_seken", "Grosir Bal {C}",
]
SHOP_VIOL_DESC = [
    "Barang import pilihan, hasil sortir dari bal. Real pict.",
    "Menyediakan bal {o} segel dan eceran thrift.",
    "Thrift store sejak {y}. Semua barang second import, dicuci bersih sebelum kirim.",
    "Supplier bal press {o}. Melayani reseller seluruh Indonesia.",
    "Open reseller! Ambil langsung dari gudang bal.",
    "Second branded {o}, kondisi dicek satu-satu.",
    "Jual pakaian impor seken, eceran dan karungan.",
    "Live buka bal tiap malam. Follow biar gak ketinggalan.",
    "Preloved import quality. No retur kecuali salah kirim.",
    "Barang baru dateng dari pelabuhan, sortir sendiri.",
    "Kami jual per kilo dan per karung, bisa COD {C}.",
    "Cuci gudang stok impor bekas, harga miring.",
]
SHOP_NEUTRAL = [
    "Toko {n}", "{n} Store", "{n} Shop", "Berkah {C}", "Sumber Rezeki {n}", "Jaya Abadi {C}",
    "{n} Official", "{n} Collection", "Lapak {n}", "Grosir {C}", "Mitra {n}", "{n} Mart", "Dapur {n}",
    "{n} Outlet", "{n} Gallery", "Kios {n}", "Sinar {n}", "{n} Id", "Rumah {n}",
]
SHOP_NEUTRAL_DESC = [
    "Selamat berbelanja. Pesanan sebelum jam 3 sore dikirim hari ini.",
    "Produk original, bergaransi. Chat untuk ketersediaan stok.",
    "Melayani grosir dan eceran.",
    "Toko terpercaya sejak {y}.",
    "",
    "Follow toko kami untuk info promo.",
    "Barang ready, langsung kirim dari {C}.",
    "Jam operasional Senin - Sabtu 08.00 - 17.00.",
]
NAMES = [
    "ayu", "budi", "citra", "dimas", "eka", "fajar", "gita", "hadi", "indah", "joko", "kiki", "lina",
    "mega", "nanda", "oki", "putri", "rizky", "sari", "tono", "umi", "vino", "wulan", "yoga", "zahra",
    "bima", "raka", "nisa", "dewi", "agus", "rina", "bayu", "tiara", "arif", "maya", "andre", "siska",
]
SELLER_CHATTER = [
    "Chat dulu sebelum order ya kak.", "Bisa COD.", "Stok terbatas!", "Siapa cepat dia dapat.",
    "Cek foto ya kak.", "Order = setuju.", "Kirim cepat tiap hari.", "Ready stok, langsung checkout.",
    "No tipu-tipu.", "Packing aman.", "Harga nego tipis.", "Tanya-tanya dulu boleh.", "",
]

"""Word lists and templates for synthetic Indonesian marketplace listings.

Written for pantau (never taken from shared/data). The generator fills the `{slots}` of these
templates; each family below is one kind of listing a catalogue holds, with the label the policy
gives it (violating / benign / ambiguous) and evaluation tags.
"""

from __future__ import annotations

CITIES = (
    "Jakarta Barat", "Jakarta Timur", "Jakarta Utara", "Kota Bandung", "Kab. Bandung", "Kota Surabaya",
    "Kota Medan", "Kota Batam", "Kota Semarang", "Kota Yogyakarta", "Kab. Sleman", "Kota Makassar",
    "Kota Palembang", "Kota Pekanbaru", "Kota Malang", "Kota Denpasar", "Kota Pontianak", "Kota Padang",
    "Kota Bekasi", "Kota Tangerang", "Kota Bogor", "Kota Depok", "Kota Solo", "Kota Manado",
    "Kota Balikpapan", "Kab. Sidoarjo", "Kota Cirebon", "Kota Tasikmalaya", "Kota Jambi", "Kota Kupang",
)

FIRST_NAMES = (
    "Rina", "Dewi", "Agus", "Budi", "Sri", "Wahyu", "Fajar", "Nur", "Eka", "Rizky", "Putri", "Andi",
    "Yuni", "Hendra", "Siti", "Bayu", "Lestari", "Dimas", "Ayu", "Joko", "Mega", "Teguh", "Indah",
    "Rahmat", "Sinta", "Arif", "Wulan", "Bambang", "Citra", "Yoga", "Novi", "Galih", "Tika", "Ujang",
)

SHOP_WORDS = (
    "Jaya", "Makmur", "Berkah", "Sentosa", "Abadi", "Mulia", "Store", "Shop", "Official", "Collection",
    "Mart", "Grosir", "Outlet", "Corner", "House", "Gallery", "Sejahtera", "Barokah", "Amanah", "Cemerlang",
)

BRANDS = (
    "Uniqlo", "Zara", "H&M", "Nike", "Adidas", "Levi's", "Champion", "Carhartt", "The North Face",
    "Columbia", "Patagonia", "Polo Ralph Lauren", "Tommy Hilfiger", "GAP", "Mango", "Dickies",
    "Stussy", "Converse", "Vans", "New Balance",
)
LOCAL_BRANDS = ("Erigo", "Roughneck", "Thanksinsomnia", "Eiger", "Cottonink", "Elzatta", "Dagadu", "Brodo")

GARMENTS = (
    "kemeja flanel", "jaket denim", "hoodie", "sweater rajut", "kaos polos", "kemeja batik", "celana jeans",
    "celana chino", "rok plisket", "dress midi", "blazer wanita", "jaket parka", "jaket bomber", "cardigan",
    "celana cargo", "kaos band", "polo shirt", "tunik", "gamis", "jaket kulit", "coach jacket", "windbreaker",
    "kemeja linen", "celana kulot", "vest rajut",
)
SIZES = ("S", "M", "L", "XL", "XXL", "all size", "fit L", "LD 108")
ORIGINS = ("Korea", "Jepang", "Jepun", "USA", "Eropa", "Taiwan", "Hongkong", "China", "Singapura", "Inggris")

# The words of the policy's bulk, regional and retail cues, as sellers write them.
BALE_WORDS = ("bal", "ball", "bale", "balpres", "ballpress", "bal press", "bal segel", "karung",
              "karungan", "goni", "glangsing")
OPENING_WORDS = ("buka bal", "pecah bal", "bongkar bal", "live buka bal", "bongkar karung")
REGIONAL_WORDS = ("cakar", "cakaran", "obok-obok", "monza", "awul-awul", "awulan", "babebo", "rombengan",
                  "RB", "BJ", "PJ", "lelong", "cimol")
IMPORT_CUES = ("thrift import", "second import", "bekas impor", "ex {origin}", "dari {origin}",
               "barang bal", "hasil sortir bal", "BI (Batam impor)", "sortiran bal {origin}")
HASHTAGS_VIOL = ("#thriftimport", "#balkorea", "#cakarmurah", "#thriftshop", "#secondimport",
                 "#bukabal", "#monzamedan", "#awulawul", "#karunganjepang", "#thriftindonesia")
HASHTAGS_BENIGN = ("#ootd", "#fashionwanita", "#localbrand", "#distro", "#hijabers", "#promo", "#ready",
                   "#bajumurah", "#preorder", "#grosirbaju")

# ---- violating families: (title templates, description templates) ---------------------------
BULK_TITLES = (
    "{bale} {origin} {garment} {kg}kg",
    "{bale} campur {origin} isi {pcs} pcs",
    "Jual {bale} {origin} grade A {kg} kg",
    "{bale} {garment} {origin} premium",
    "Paket usaha {bale} {origin} {kg}kg siap jual",
    "{opening} {origin} hari ini",
    "Kiloan {garment} sortir {origin} per kg",
    "{bale} unsortir {origin} {kg}kg harga grosir",
)
BULK_DESC = (
    "Ready {bale} {origin} isi {garment} campur, berat {kg} kg. Kondisi layak pakai 80-90%. "
    "Kirim dari {city}. {contact}",
    "{bale} segel belum dibuka, isi kurang lebih {pcs} pcs. Cocok buat modal usaha thrift. {contact}",
    "Stok baru datang! {opening} jam 8 malam, siapa cepat dia dapat. Reseller welcome. {contact}",
    "Harga per karung, tidak bisa pilih isi. Ekspedisi cargo ke seluruh Indonesia. {contact} {tags}",
    "Grosir {garment} sortiran {origin}, minimal ambil 1 {bale}. Bisa COD {city}. {contact}",
)
RETAIL_TITLES = (
    "{garment} {brand} {cue} size {size}",
    "{brand} {garment} original {cue}",
    "{cue} {garment} {brand} mulus",
    "{garment} {cue} kondisi 90%",
)
RETAIL_DESC = (
    "{cue}, bukan barang baru. Kondisi mulus no minus, LD {ld} PJ {pj}. {contact}",
    "Barang {cue} pilihan, sudah dicuci dan disetrika. Tanya stok dulu ya kak. {tags}",
    "Original {brand}, {cue}. Minus pemakaian wajar. Ambil banyak bisa nego. {contact}",
)
REGIONAL_TITLES = (
    "{regional} {garment} murah meriah",
    "Baju {regional} {origin} pilihan",
    "{regional} jaket branded 35rb",
    "Lapak {regional} {city}",
)
REGIONAL_DESC = (
    "Jual {regional} {garment}, bekas tapi masih bagus. Stok baru tiap minggu. {contact}",
    "{regional} langsung dari gudang, harga mulai 15rb. {tags}",
    "Bongkaran {regional} minggu ini banyak {brand}. Datang ke lapak atau order online. {contact}",
)
SHOP_CUE_NAMES = ("{origin} Thrift Store", "Bal Import {city_short}", "Cakar {city_short} Official",
                  "Thrift Gudang {origin}", "Karungan {origin} Grosir", "Monza Corner")
SHOP_CUE_DESC = ("Spesialis barang bal {origin}. Sortir sendiri dari karung.",
                 "Thrift shop. Semua barang dari bal impor pilihan.",
                 "Supplier bal & kiloan. Reseller & dropship welcome.")

# ---- benign families, incl. hard negatives that share the words -----------------------------
NEW_CLOTHING_TITLES = (
    "{garment} {local} original baru",
    "{garment} wanita premium bahan adem size {size}",
    "Grosir {garment} import Bangkok baru",
    "{garment} pria model terbaru ready stok",
    "Kaos distro {local} new with tag",
    "{garment} vintage style baru, bukan bekas",
)
NEW_CLOTHING_DESC = (
    "Barang baru, bukan bekas. Bahan {fabric}, jahitan rapi. Ready semua ukuran. {tags}",
    "Produk lokal original, free packing bubble. Size chart di foto ya kak.",
    "Stok baru dari konveksi sendiri, harga grosir untuk reseller. {tags}",
    "New stock dari Batam, masih segel plastik. Kirim hari ini.",
)
FABRICS = ("katun combed 30s", "rayon", "linen", "fleece", "denim 14oz", "crinkle", "wolfis")

HARD_NEG = (
    ("Bola sepak {brand2} size 5 original", "Bola ball size 5 untuk latihan dan pertandingan. Garansi jahitan.",
     "Olahraga > Sepak Bola > Bola"),
    ("Karung beras bekas 50kg isi 100 lembar", "Karung beras bekas, bersih, cocok untuk packing atau pasir.",
     "Perlengkapan Rumah > Penyimpanan"),
    ("Mesin ball press hidrolik kardus", "Mesin ball press untuk kardus dan plastik, kapasitas 1 ton.",
     "Industri > Mesin"),
    ("Jepit rambut cakar korea isi 12", "Jepit cakar model korea, warna pastel, isi 12 pcs.",
     "Aksesoris > Rambut"),
    ("Cimol bojot kering 250gr pedas", "Cimol khas Garut, kering renyah, level pedas bisa pilih.",
     "Makanan > Camilan"),
    ("Mesin motor Supra ex Jepang second", "Mesin copotan ex Jepang, kondisi normal, surat lengkap.",
     "Otomotif > Sparepart Motor"),
    ("HP {phone} second mulus fullset", "Bekas pemakaian pribadi, baterai 88%, fullset dus.",
     "Handphone > Handphone Bekas"),
    ("Kaos 3SECOND original new", "Kaos 3Second baru, bukan second. Bahan cotton.", "Fashion Pria > Kaos"),
    ("Bundle game PS4 second 5 kaset", "Kaset PS4 second original, bundle 5 game, semua normal.",
     "Gaming > Kaset"),
    ("Jerami bal untuk pakan sapi", "Jerami kering dipres per bal, kirim area {city}.", "Pertanian > Pakan"),
    ("Tas goni souvenir sablon custom", "Tas goni baru untuk souvenir, bisa sablon logo.",
     "Souvenir > Tas"),
    ("Mangga harum manis grade A 5kg", "Mangga grade A langsung dari kebun, manis.", "Makanan > Buah"),
    ("Kamera {camera} bekas ex Jepang", "Kamera ex Jepang, shutter count rendah, lensa bersih.",
     "Kamera > Kamera Mirrorless"),
    ("Boneka capit mesin claw isi 20", "Boneka untuk mesin capit, ukuran kecil, isi 20.", "Mainan > Boneka"),
)
PHONES = ("iPhone 11", "iPhone 12 Pro", "Samsung A52", "Redmi Note 11", "Oppo A74", "Vivo Y21")
CAMERAS = ("Fujifilm X-T20", "Sony A6000", "Canon M3", "Olympus EPL7")
BRANDS2 = ("Mikasa", "Molten", "Specs", "Ortuseight")

PRELOVED_PRIVATE = (
    ("Preloved {garment} {brand} size {size}", "Preloved pribadi, dipakai sendiri 2-3x. Jual karena sudah "
     "tidak muat. Kondisi 95%."),
    ("Jual {garment} pribadi jarang dipakai", "Dipakai sendiri, bukan barang jualan. Lemari penuh."),
)
AMBIGUOUS = (
    ("{garment} second {brand} size {size}", "Kondisi bagus, minus pemakaian. LD {ld}."),
    ("{garment} {brand} bekas", "Bekas, masih layak. Tanya-tanya boleh."),
    ("{brand} {garment} used", "Used, no hole no stain. Size {size}."),
)
OTHER_BENIGN = (
    ("Rice cooker {size2} liter", "Rice cooker baru garansi resmi 1 tahun.", "Elektronik > Dapur"),
    ("Buku novel bekas paket 5", "Novel bekas kondisi baik, halaman lengkap.", "Buku > Novel"),
    ("Sepeda lipat 20 inch", "Sepeda lipat baru, rangka alloy.", "Olahraga > Sepeda"),
    ("Serum wajah niacinamide 20ml", "BPOM, aman untuk kulit sensitif.", "Kecantikan > Serum"),
    ("Kopi arabika Gayo 500gr", "Roasting medium, biji atau bubuk.", "Makanan > Kopi"),
    ("Meja lipat kayu jati", "Meja lipat jati Jepara, finishing natural.", "Furnitur > Meja"),
    ("Sparepart kampas rem Vario", "Kampas rem original, pasang sendiri mudah.", "Otomotif > Sparepart"),
)

CATEGORY_CLOTHING = (
    "Fashion Pria > Atasan > Kemeja", "Fashion Pria > Jaket & Outerwear", "Fashion Wanita > Atasan",
    "Fashion Wanita > Dress", "Fashion Muslim > Gamis", "Fashion Pria > Celana Panjang",
    "Fashion Wanita > Outerwear Wanita > Jaket Wanita",
)

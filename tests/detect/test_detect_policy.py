"""The policy pack loads, validates with file-and-key errors, versions and dates its legal basis."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from pantau.detect.phrases import PhraseIndex
from pantau.detect.policy import CATEGORIES, PolicyError, PolicyPack, Term
from pantau.errors import InputError


@pytest.fixture(scope="module")
def pack() -> PolicyPack:
    return PolicyPack.load()


def test_bundled_pack_loads_with_every_category(pack: PolicyPack) -> None:
    assert pack.version
    assert {t.category for t in pack.terms} == set(CATEGORIES)
    names = {t.term for t in pack.terms}
    for c in pack.contexts:
        assert all(x == "*" or x in names for x in c.cancels)
    assert "bola" in {f for c in pack.contexts for f in c.forms}


@pytest.mark.parametrize(("day", "expected"), [
    # shared/policy: 18/2021 jo. 40/2022 until 2025, 31/2023 from 2023-09-26, 47/2025 from 2026
    (date(2023, 9, 25), {"uu-7-2014", "pp-80-2019", "permendag-18-2021"}),
    (date(2023, 9, 26), {"uu-7-2014", "pp-80-2019", "permendag-18-2021", "permendag-31-2023"}),
    (date(2025, 12, 31), {"uu-7-2014", "pp-80-2019", "permendag-18-2021", "permendag-31-2023"}),
    (date(2026, 1, 1), {"uu-7-2014", "pp-80-2019", "permendag-31-2023", "permendag-47-2025"}),
])
def test_legal_basis_by_date(pack: PolicyPack, day: date, expected: set[str]) -> None:
    assert {x.id for x in pack.legal_basis_on(day)} == expected


def test_round_trip_and_content_hash(pack: PolicyPack, tmp_path: Path) -> None:
    data = pack.to_dict()
    again = PolicyPack.from_dict(json.loads(json.dumps(data)))
    assert again.to_dict() == data
    assert again.content_hash == pack.content_hash
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert PolicyPack.load(path).content_hash == pack.content_hash


def test_with_terms_makes_a_new_version(pack: PolicyPack) -> None:
    new = pack.with_terms([Term("kodezeta", "bulk", 6.0, gloss="new bale code", needs_clothing=True)],
                          version=pack.version + "+1")
    assert new.version != pack.version
    assert new.content_hash != pack.content_hash
    assert "kodezeta" in {t.term for t in new.terms}
    assert "kodezeta" not in {t.term for t in pack.terms}
    with pytest.raises(PolicyError, match="new version"):
        pack.with_terms([], version=pack.version)
    with pytest.raises(PolicyError, match=r"new_terms\[0\]\.category"):
        pack.with_terms([{"term": "x", "category": "nope", "weight": 1}], version="v2")  # type: ignore[list-item]


def _broken(pack: PolicyPack, edit) -> dict:
    data = copy.deepcopy(pack.to_dict())
    edit(data)
    return data


@pytest.mark.parametrize(("edit", "where"), [
    (lambda d: d["terms"][3].update(weight="heavy"), r"terms\[3\]\.weight"),
    (lambda d: d["terms"][0].update(category="retail"), r"terms\[0\]\.category"),
    (lambda d: d["terms"][1].pop("term"), r"terms\[1\]\.term"),
    (lambda d: d["terms"][2].update(colour="red"), r"terms\[2\]\.colour"),
    (lambda d: d["contexts"][0].update(cancels=["no-such-term"]), r"contexts\[0\]\.cancels"),
    (lambda d: d["thresholds"].update(violating="high"), r"thresholds\.violating"),
    (lambda d: d["thresholds"].update(review=0.9, violating=0.5), r"thresholds"),
    (lambda d: d["thresholds"].update(speed=3), r"thresholds\.speed"),
    (lambda d: d["legal_basis"][1].update({"from": "yesterday"}), r"legal_basis\[1\]\.from"),
    (lambda d: d["legal_basis"][2].update(until="2000-01-01"), r"legal_basis\[2\]\.until"),
    (lambda d: d["vocabulary"].update(clothing="baju"), r"vocabulary\.clothing"),
    (lambda d: d.pop("pack"), r"pack"),
])
def test_errors_name_the_file_and_key(pack: PolicyPack, tmp_path: Path, edit, where: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(_broken(pack, edit)), encoding="utf-8")
    with pytest.raises(PolicyError, match=rf"broken\.json: {where}") as info:
        PolicyPack.load(path)
    assert isinstance(info.value, InputError)  # exit code 2 at the CLI


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        PolicyPack.load(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[pack\nname=", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"bad\.toml: not valid TOML"):
        PolicyPack.load(bad)


def test_duplicate_terms_are_rejected(pack: PolicyPack) -> None:
    data = _broken(pack, lambda d: d["terms"].append(dict(d["terms"][0])))
    with pytest.raises(PolicyError, match="duplicate term"):
        PolicyPack.from_dict(data, source="dup.toml")


def test_a_context_that_reads_as_a_term_is_rejected(pack: PolicyPack) -> None:
    # a context form that normalises to a term form would cancel every use of that term
    data = _broken(pack, lambda d: d["contexts"][0]["spellings"].append("karungan"))
    bad = PolicyPack.from_dict(data, source="ctx.toml")
    with pytest.raises(PolicyError, match=r"ctx\.toml: contexts"):
        PhraseIndex(bad, lambda s: s.lower())

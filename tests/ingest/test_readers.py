"""Readers stream listings in order and report every bad line with its file and line number."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pantau.domain import Listing
from pantau.errors import InputError
from pantau.ingest.readers import ReadError, read_listings


def good(i: int, **over: object) -> dict:
    row = {"platform": "shopee", "listing_id": str(i), "title": f"Kaos polos {i}",
           "seller": {"id": f"s{i}", "name": "Toko A"}, "price": 50000}
    row.update(over)
    return row


def write_lines(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_jsonl_bad_lines_are_reported_with_line_numbers_and_the_rest_read(tmp_path: Path) -> None:
    lines = [
        json.dumps(good(1)).encode(),
        b"{not json",
        json.dumps({"platform": "shopee", "listing_id": "2", "seller": {"id": "x"}}).encode(),  # no title
        b"\xff\xfe latin junk",
        json.dumps(good(5, description="x" * 3_000_000)).encode(),  # oversized line
        json.dumps(good(6, unknown_field={"kept": True})).encode(),
    ]
    items = list(read_listings(write_lines(tmp_path / "in.jsonl", lines)))
    assert [type(i).__name__ for i in items] == ["Listing", "ReadError", "ReadError", "ReadError", "ReadError",
                                                 "Listing"]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [e.line for e in errors] == [2, 3, 4, 5]
    assert "not valid JSON" in errors[0].message
    assert "'title'" in errors[1].message
    assert "not UTF-8" in errors[2].message
    assert "limit" in errors[3].message and str(tmp_path / "in.jsonl") in str(errors[3])
    last = items[-1]
    assert isinstance(last, Listing) and last.line == 6 and last.extra == {"unknown_field": {"kept": True}}


def test_oversized_line_is_skipped_without_losing_the_next_line(tmp_path: Path) -> None:
    lines = [json.dumps(good(1, description="y" * 50_000)).encode(), json.dumps(good(2)).encode()]
    items = list(read_listings(write_lines(tmp_path / "in.jsonl", lines), max_line_bytes=10_000))
    assert isinstance(items[0], ReadError) and items[0].line == 1
    assert isinstance(items[1], Listing) and items[1].listing_id == "2" and items[1].line == 2


@pytest.mark.parametrize("bad, fragment", [
    ({"price": "murah"}, "'price'"),
    ({"price": -5}, "'price'"),
    ({"images": "a.jpg"}, "'images'"),
    ({"observed_at": "kemarin"}, "RFC 3339"),
    ({"observed_at": "2024-01-02T10:00:00"}, "offset"),
    ({"platform": "Shopee Indonesia"}, "'platform'"),
    ({"seller": {"name": "no id"}}, "seller.id"),
    ({"title": "x" * 6_000}, "'title'"),
])
def test_field_errors_name_the_field(tmp_path: Path, bad: dict, fragment: str) -> None:
    items = list(read_listings(write_lines(tmp_path / "in.jsonl", [json.dumps(good(1, **bad)).encode()])))
    assert isinstance(items[0], ReadError) and fragment in items[0].message


def test_csv_with_flattened_seller_and_list_cells(tmp_path: Path) -> None:
    p = tmp_path / "in.csv"
    p.write_text("platform,listing_id,title,seller_id,seller_name,price,images,tags\n"
                 'tokopedia,10,"Jaket, bekas",77,Toko B,120000,a.jpg|b.jpg,"[""x""]"\n'
                 "tokopedia,11,,78,Toko C,,,\n", encoding="utf-8")
    items = list(read_listings(p))
    first = items[0]
    assert isinstance(first, Listing)
    assert (first.title, first.seller.id, first.seller.name, first.price) == ("Jaket, bekas", "77", "Toko B", 120000)
    assert first.images == ["a.jpg", "b.jpg"] and first.tags == ["x"] and first.line == 2
    assert isinstance(items[1], ReadError) and items[1].line == 3 and "'title'" in items[1].message


def test_parquet_with_struct_or_flat_seller(tmp_path: Path) -> None:
    p = tmp_path / "in.parquet"
    table = pa.table({"platform": ["lazada", "lazada"], "listing_id": ["1", "2"], "title": ["Kemeja", None],
                      "seller_id": ["9", "9"], "price": [1.0, 2.0]})
    pq.write_table(table, p)
    items = list(read_listings(p))
    assert isinstance(items[0], Listing) and items[0].seller.id == "9"
    assert isinstance(items[1], ReadError) and items[1].line == 2


def test_gzip_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl.gz"
    with gzip.open(p, "wb") as f:
        f.write(json.dumps(good(1)).encode() + b"\n")
    assert isinstance(next(iter(read_listings(p))), Listing)


def test_unknown_format_and_missing_file_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown file format"):
        read_listings(tmp_path / "in.xlsx")
    with pytest.raises(InputError, match="no such file"):
        read_listings(tmp_path / "missing.jsonl")


def test_reading_a_large_file_streams(tmp_path: Path) -> None:
    """The reader is lazy: the first listing comes back before the file is read to the end."""
    p = tmp_path / "big.jsonl"
    with p.open("wb") as f:
        for i in range(20_000):
            f.write(json.dumps(good(i)).encode() + b"\n")
    it = read_listings(p)
    first = next(it)
    assert isinstance(first, Listing) and first.listing_id == "0"


def test_csv_row_that_is_not_utf8_is_reported_and_the_next_row_read(tmp_path: Path) -> None:
    p = tmp_path / "in.csv"
    p.write_bytes(b"platform,listing_id,title,seller_id\nshopee,1,Kaos \xff\xfe,9\nshopee,2,Kemeja,9\n")
    items = list(read_listings(p))
    assert isinstance(items[0], ReadError) and items[0].line == 2 and "not UTF-8" in items[0].message
    assert isinstance(items[1], Listing) and items[1].listing_id == "2"


def test_truncated_gzip_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl.gz"
    body = gzip.compress(b"".join(json.dumps(good(i)).encode() + b"\n" for i in range(2000)))
    p.write_bytes(body[: len(body) // 2])
    with pytest.raises(InputError, match="cannot read past line"):
        list(read_listings(p))

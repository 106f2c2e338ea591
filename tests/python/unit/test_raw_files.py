"""crosschannel.raw_files: which delivered CSV DuckDB reads as it is, and the UTF-8 copies of the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from crosschannel import raw_files
from crosschannel.raw_files import RawFileError, readable_csv

ROWS = "product_id,name,list_price\nPR1,Cœur d’Été 1 200 €,12.50\nPR2,Île,3.00\n"


def test_a_utf8_file_is_read_as_it_is_and_checked_once(tmp_path: Path) -> None:
    delivered = tmp_path / "raw_products.csv"
    delivered.write_text(ROWS, encoding="utf-8")
    found = readable_csv(str(delivered), "utf-8", str(tmp_path / "cache"))
    assert (found.path, found.encoding, found.note) == (str(delivered), "utf-8", None)
    assert [path.suffix for path in (tmp_path / "cache").iterdir()] == [".checked"]


@pytest.mark.parametrize(("declared", "duckdb_name"), [("latin-1", "latin-1"), ("ISO-8859-1", "latin-1"), ("utf8", "utf-8")])
def test_encodings_duckdb_reads_keep_the_file_under_duckdb_s_name(
    tmp_path: Path, declared: str, duckdb_name: str
) -> None:
    delivered = tmp_path / "raw_sites.csv"
    delivered.write_bytes("site_id,name\nSI1,Hélène\n".encode("latin-1" if duckdb_name == "latin-1" else "utf-8"))
    found = readable_csv(str(delivered), declared, str(tmp_path / "cache"))
    assert (found.path, found.encoding) == (str(delivered), duckdb_name)


def test_cp1252_is_converted_once_to_utf8(tmp_path: Path) -> None:
    delivered = tmp_path / "raw_products.csv"
    delivered.write_bytes(ROWS.encode("cp1252"))
    found = readable_csv(str(delivered), "cp1252", str(tmp_path / "cache"))
    assert found.encoding == "utf-8"
    assert Path(found.path).read_text(encoding="utf-8") == ROWS
    assert found.note == f"{delivered} (cp1252, which DuckDB does not read) converted once to UTF-8 in {found.path}"
    again = readable_csv(str(delivered), "windows-1252", str(tmp_path / "cache"))
    assert again.path == found.path
    assert again.note == f"{delivered} read from its UTF-8 copy {found.path}"


def test_a_new_version_of_the_file_replaces_its_copy(tmp_path: Path) -> None:
    delivered = tmp_path / "raw_products.csv"
    delivered.write_bytes(ROWS.encode("cp1252"))
    first = readable_csv(str(delivered), "cp1252", str(tmp_path / "cache"))
    delivered.write_bytes((ROWS + "PR3,Œuvre,1.00\n").encode("cp1252"))
    second = readable_csv(str(delivered), "cp1252", str(tmp_path / "cache"))
    assert second.path != first.path
    assert not Path(first.path).exists()
    assert Path(second.path).read_text(encoding="utf-8").endswith("PR3,Œuvre,1.00\n")


def test_mixed_line_endings_and_a_byte_order_mark_give_one_clean_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of 7 bytes split some \r\n pairs: a split pair is still one line ending.
    monkeypatch.setattr(raw_files, "CHUNK_BYTES", 7)
    delivered = tmp_path / "raw_products.csv"
    delivered.write_bytes(b"\xef\xbb\xbf" + ROWS.replace("\n", "\r\n", 2).encode("utf-8"))
    found = readable_csv(str(delivered), "utf-8", str(tmp_path / "cache"))
    assert found.encoding == "utf-8"
    assert "(mixed line endings) converted once" in (found.note or "")
    assert Path(found.path).read_bytes() == ROWS.encode("utf-8")


@pytest.mark.parametrize("line_ending", [b"\r\n", b"\n", b"\r"])
def test_one_line_ending_throughout_needs_no_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line_ending: bytes
) -> None:
    monkeypatch.setattr(raw_files, "CHUNK_BYTES", 5)
    delivered = tmp_path / "raw_products.csv"
    delivered.write_bytes(ROWS.encode("utf-8").replace(b"\n", line_ending))
    assert readable_csv(str(delivered), "utf-8", str(tmp_path / "cache")).path == str(delivered)


def test_bytes_invalid_in_the_declared_encoding_fail_naming_file_line_and_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(raw_files, "CHUNK_BYTES", 16)
    delivered = tmp_path / "raw_products.csv"
    delivered.write_bytes(("product_id,name\nPR1,Plage\nPR2,Été 200 €\n").encode("cp1252"))
    with pytest.raises(RawFileError) as raised:
        readable_csv(str(delivered), "utf-8", str(tmp_path / "cache"))
    assert str(raised.value).startswith(f"crosschannel: {delivered} line 3: bytes b'\\xc9' are not utf-8;")
    assert "set crosschannel__raw_encoding to the file's encoding" in str(raised.value)
    assert "{raw_products: cp1252}" in str(raised.value)
    assert not list((tmp_path / "cache").glob("*.checked"))


def test_an_unknown_encoding_is_named(tmp_path: Path) -> None:
    delivered = tmp_path / "raw_products.csv"
    delivered.write_text(ROWS, encoding="utf-8")
    with pytest.raises(RawFileError, match="unknown encoding 'klingon' in crosschannel__raw_encoding"):
        readable_csv(str(delivered), "klingon", str(tmp_path / "cache"))

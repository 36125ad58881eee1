"""Limits of the task import checked before parsing: sizes in the zip, rows, columns."""

import io
import time
import zipfile

import pytest

from tasks.spreadsheet import MAX_COLUMNS, preview_file
from tasks.spreadsheet.limits import MAX_PART_BYTES, MAX_SHEET_BYTES, check_upload
from tests.tasks.test_spreadsheet import HEADER, ROWS, xlsx

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def plan(district_setup):
    return district_setup["plan"]


def rezip(content: bytes, transform) -> bytes:
    """The same .xlsx with its first sheet's XML passed through `transform`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == SHEET:
                data = transform(data)
            target.writestr(info.filename, data)
    return out.getvalue()


def test_sheet_bigger_than_the_cap_once_uncompressed_is_refused_before_parsing(plan):
    # A few KB on the wire, 4 MB + 1 byte of XML once inflated (whitespace before </sheetData>).
    padding = b" " * (MAX_SHEET_BYTES + 1)
    content = rezip(xlsx(ROWS), lambda xml: xml.replace(b"</sheetData>", padding + b"</sheetData>"))
    assert len(content) < 100_000

    started = time.perf_counter()
    preview = preview_file(plan, content, "bom.xlsx")

    assert time.perf_counter() - started < 1
    assert preview.errors == [
        "Tệp quá lớn sau khi giải nén (một trang tính 4,1 MB, tối đa 4 MB). Trang tính có thể "
        "chứa định dạng hoặc dữ liệu thừa ở rất nhiều ô: hãy chép riêng bảng cần nhập sang một "
        "tệp mới."
    ]


def test_other_part_or_total_bigger_than_the_cap_once_uncompressed_is_refused(plan):
    def add_part(name, size):
        out = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(xlsx(ROWS))) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                target.writestr(info.filename, source.read(info.filename))
            target.writestr(name, b" " * size)
        return out.getvalue()

    big_strings = add_part("xl/sharedStrings2.xml", MAX_PART_BYTES + 1)
    assert (
        preview_file(plan, big_strings, "a.xlsx")
        .errors[0]
        .startswith(
            "Tệp quá lớn sau khi giải nén (phần “xl/sharedStrings2.xml” 16,1 MB, tối đa 16 MB)."
        )
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        with zipfile.ZipFile(io.BytesIO(xlsx(ROWS))) as source:
            for info in source.infolist():
                target.writestr(info.filename, source.read(info.filename))
        for index in range(3):
            target.writestr(f"xl/media/image{index}.png", b"\0" * MAX_PART_BYTES)
    assert (
        preview_file(plan, out.getvalue(), "b.xlsx")
        .errors[0]
        .startswith("Tệp quá lớn sau khi giải nén (48,1 MB, tối đa 40 MB).")
    )


def test_value_beyond_the_column_cap_is_refused(plan):
    rows = [list(r) for r in ROWS]
    rows[1] = rows[1] + [None] * (MAX_COLUMNS - len(rows[1])) + ["thừa"]

    preview = preview_file(plan, xlsx(rows), "rong.xlsx")

    assert preview.errors == [
        f"Trang tính có dữ liệu đến cột thứ {MAX_COLUMNS + 1}, vượt giới hạn {MAX_COLUMNS} cột. "
        "Hãy xoá các cột thừa hoặc chép riêng bảng cần nhập sang một tệp mới."
    ]


def test_csv_value_beyond_the_column_cap_is_refused(plan):
    lines = [",".join(HEADER), "I,Cải cách thể chế", "1,Rà soát" + "," * MAX_COLUMNS + "thừa"]

    preview = preview_file(plan, "\n".join(lines).encode(), "rong.csv")

    assert preview.errors == [
        f"Trang tính có dữ liệu đến cột thứ {MAX_COLUMNS + 2}, vượt giới hạn {MAX_COLUMNS} cột. "
        "Hãy xoá các cột thừa hoặc chép riêng bảng cần nhập sang một tệp mới."
    ]


def test_declared_huge_dimension_and_styled_empty_cells_far_right_are_read_within_bounds(plan):
    # Excel's worst case for a full load: the sheet claims A1:XFD1048576 and every row has a
    # formatted empty cell in the last column. Only cells with a value count.
    def widen(xml: bytes) -> bytes:
        xml = xml.replace(b'<dimension ref="A1:E5"/>', b'<dimension ref="A1:XFD1048576"/>')
        for number in range(1, 6):
            xml = xml.replace(
                f'<row r="{number}">'.encode(),
                f'<row r="{number}"><c r="XFD{number}" s="0"/>'.encode(),
            )
        return xml

    content = rezip(xlsx(ROWS), widen)
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(content)).read(SHEET)

    started = time.perf_counter()
    preview = preview_file(plan, content, "rong.xlsx")

    assert time.perf_counter() - started < 2
    assert preview.errors == []
    assert preview.counts["new"] == 3


def test_rows_after_a_gap_beyond_the_row_limit_are_refused(plan):
    def far_row(xml: bytes) -> bytes:
        row = b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>9</t></is></c></row>'
        return xml.replace(b"</sheetData>", row + b"</sheetData>")

    preview = preview_file(plan, rezip(xlsx(ROWS), far_row), "xa.xlsx")

    assert preview.errors == [
        "Tệp có 899999 dòng, vượt giới hạn 2000 dòng của một kế hoạch. Hãy kiểm tra lại trang "
        "tính (có thể đã dán nhầm dữ liệu)."
    ]


def test_upload_over_the_configured_size_is_refused_from_its_length(plan, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    content = xlsx(ROWS) + b"\0" * (1024 * 1024)

    preview = preview_file(plan, content, "lon.xlsx")

    assert preview.errors == ["Tệp lớn 1,1 MB, vượt giới hạn 1 MB của một lần tải lên."]


def test_check_upload_refuses_a_csv_over_the_row_limit():
    content = ("Mã chỉ tiêu,Kết quả\n" + "1,5\n" * 60).encode()

    with pytest.raises(Exception) as caught:
        check_upload(content, 5)

    assert caught.value.messages == ["Tệp có hơn 5 dòng, vượt giới hạn 5 dòng."]


def test_the_largest_sheet_under_the_cap_is_read_within_the_bound(plan):
    # The worst accepted case: a sheet just under the cap, full of formatted empty cells.
    def bloat(xml: bytes) -> bytes:
        cell = '<c r="T{0}" s="0"/>'
        rows, size, number = [], len(xml), 6
        while True:
            row = f'<row r="{number}">' + cell.format(number) * 500 + "</row>"
            if size + len(row) > MAX_SHEET_BYTES:
                break
            rows.append(row)
            size += len(row)
            number += 1
        return xml.replace(b"</sheetData>", "".join(rows).encode() + b"</sheetData>")

    content = rezip(xlsx(ROWS), bloat)
    assert zipfile.ZipFile(io.BytesIO(content)).getinfo(SHEET).file_size > 4_000_000

    started = time.perf_counter()
    preview = preview_file(plan, content, "day.xlsx")

    assert preview.errors == []
    assert time.perf_counter() - started < 5

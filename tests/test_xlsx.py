"""The shared XLSX renderer: files are opened again with openpyxl and read back."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from reformplan.xlsx import AREA, CHILD, TOTAL, Line, Row, Sheet, Table, render_workbook


def _render(*sheets):
    return load_workbook(io.BytesIO(render_workbook(sheets)))


def _sheet(rows, **table_options):
    return Sheet(
        title="Chi tiết",
        widths=[6, 40, 20],
        header=[Line("UBND HUYỆN A", right="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), Line("TIÊU ĐỀ")],
        tables=[Table(columns=["STT", "Nhiệm vụ", "Hạn"], rows=rows, **table_options)],
    )


def test_render_formula_like_text_stays_text():
    texts = ["=SUM(A1)", "+84 912 345 678", "-", "@x", "=1+1", "#N/A", "-5"]
    wb = _render(_sheet([Row(["1", text, None]) for text in texts]))

    ws = wb["Chi tiết"]
    cells = [ws.cell(row=5 + i, column=2) for i in range(len(texts))]
    assert [c.value for c in cells] == texts
    assert [c.data_type for c in cells] == ["s"] * len(texts)


def test_render_dates_and_numbers_keep_their_types():
    wb = _render(
        _sheet([Row([1, "Nhiệm vụ", datetime.date(2022, 6, 30)]), Row([Decimal("9.5"), 2.5, 3])])
    )

    ws = wb["Chi tiết"]
    assert ws["C5"].value == datetime.datetime(2022, 6, 30)
    assert ws["C5"].number_format == "dd/mm/yyyy"
    assert (ws["A5"].value, ws["A5"].data_type) == (1, "n")
    assert [ws["A6"].value, ws["B6"].value, ws["C6"].value] == [9.5, 2.5, 3]


def test_render_header_lines_are_merged_bold_and_split_in_halves():
    wb = _render(_sheet([]))

    ws = wb["Chi tiết"]
    assert ws["A1"].value == "UBND HUYỆN A"
    assert ws["B1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws["A2"].value == "TIÊU ĐỀ"
    assert {str(r) for r in ws.merged_cells.ranges} == {"B1:C1", "A2:C2"}
    assert ws["A1"].font.b is True
    assert ws["A2"].alignment.horizontal == "center"
    # a blank row, then the column headers
    assert [c.value for c in ws[4]] == ["STT", "Nhiệm vụ", "Hạn"]
    assert ws["A4"].font.b is True


def test_render_area_rows_merge_and_child_rows_indent():
    wb = _render(
        _sheet(
            [
                Row(["I", "Cải cách thể chế"], AREA),
                Row(["1", "Nhiệm vụ cha", None]),
                Row(["1.a", "Nhiệm vụ con", None], CHILD),
                Row(["", "Tổng", 3], TOTAL),
            ]
        )
    )

    ws = wb["Chi tiết"]
    assert [ws["A5"].value, ws["B5"].value] == ["I", "Cải cách thể chế"]
    assert "B5:C5" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["B5"].font.b is True
    assert ws["B6"].alignment.indent == 0
    assert ws["B7"].alignment.indent == 2
    assert ws["B8"].font.b is True
    assert ws["B7"].border.left.style == "thin"


def test_render_page_setup_fonts_and_frozen_header():
    wb = _render(_sheet([Row(["1", "Nhiệm vụ", None])], repeat_header=True))

    ws = wb["Chi tiết"]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$4:$4"
    assert ws.freeze_panes == "A5"
    assert [ws.column_dimensions[c].width for c in "ABC"] == [6, 40, 20]
    written = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert {c.font.name for c in written} == {"Times New Roman"}
    assert {c.font.sz for c in written} == {11, 12}
    assert ws["B5"].alignment.wrap_text is True


def test_render_control_characters_are_dropped():
    wb = _render(_sheet([Row(["1", "Dòng\x0bmột\nDòng hai", None])]))

    assert wb["Chi tiết"]["B5"].value == "Dòngmột\nDòng hai"

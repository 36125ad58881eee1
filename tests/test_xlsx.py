"""The shared XLSX renderer: files are opened again with openpyxl and read back."""

import datetime
import io
import itertools
from decimal import Decimal

from openpyxl import load_workbook

from reformplan.xlsx import (
    AREA,
    CHILD,
    PAGE_BODY_PT,
    TOTAL,
    Chart,
    Line,
    Row,
    Sheet,
    Table,
    render_workbook,
    sheet_titles,
)


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


def test_render_default_font_sets_the_width_unit():
    wb = _render(_sheet([]))

    assert wb._named_styles["Normal"].font.name == "Times New Roman"
    assert wb._fonts[0].name == "Times New Roman"


def test_render_line_halves_styled_apart():
    sheet = Sheet(
        title="Tổng hợp",
        widths=[6, 30, 12, 12, 12, 12],
        header=[
            Line(
                "ỦY BAN NHÂN DÂN",
                right="Độc lập - Tự do - Hạnh phúc",
                size=13,
                right_underline=True,
            ),
            Line(
                "Số: …/BC-UBND", right="A, ngày … tháng … năm 2022", bold=False, right_italic=True
            ),
            Line("", halves=True),
            Line("Cảnh báo", align="left", color="C00000"),
        ],
    )

    ws = _render(sheet)["Tổng hợp"]

    assert {str(r) for r in ws.merged_cells.ranges} >= {"A1:B1", "C1:F1", "A3:B3", "C3:F3", "A4:F4"}
    assert [(ws["A1"].font.sz, ws["C1"].font.sz, ws["C1"].font.u)] == [(13, 13, "single")]
    assert (ws["A2"].font.b, ws["A2"].font.i, ws["C2"].font.b, ws["C2"].font.i) == (
        False,
        False,
        False,
        True,
    )
    assert (ws["A4"].alignment.horizontal, ws["A4"].font.color.rgb) == ("left", "00C00000")


def test_sheet_titles_are_safe_short_and_unique():
    titles = sheet_titles(
        ["Tổng hợp", "tổng hợp", "Phòng A/B: [C]*?", "x" * 40, "x" * 40, "History", "'"]
    )

    assert titles == [
        "Tổng hợp",
        "tổng hợp (2)",
        "Phòng A B C",
        "x" * 31,
        "x" * 27 + " (2)",
        "History (2)",
        "Trang",
    ]


def _long_sheet(rows, **options):
    return Sheet(
        title="Dài",
        widths=[6, 40, 20],
        header=[Line("TIÊU ĐỀ")],
        tables=[
            Table(columns=["STT", "Nhiệm vụ", "Hạn"], rows=rows, repeat_header=True, **options)
        ],
    )


def _pages(ws) -> list[range]:
    """Row ranges of the printed pages, from the manual row breaks."""
    last = ws.max_row
    cuts = [b.id for b in ws.row_breaks.brk] + [last]
    starts = [1] + [b.id + 1 for b in ws.row_breaks.brk]
    return [range(start, cut + 1) for start, cut in zip(starts, cuts, strict=True)]


def test_render_page_breaks_fill_pages_and_never_end_on_an_area_heading():
    rows = []
    for area in range(1, 9):
        rows.append(Row([str(area), f"Lĩnh vực {area}"], AREA))
        rows += [Row([f"{area}.{i}", "Nội dung " * 30, "Quý II/2022"]) for i in range(1, 6)]

    ws = _render(_long_sheet(rows))["Dài"]

    pages = _pages(ws)
    assert len(pages) > 3
    areas = {c.row for c in ws["A"] if ws.cell(row=c.row, column=2).font.b and c.row > 3}
    title = ws.row_dimensions[3].height  # the repeated column header
    for index, page in enumerate(pages):
        assert page[-1] not in areas, page
        height = sum(ws.row_dimensions[r].height for r in page) + (title if index else 0)
        assert height <= PAGE_BODY_PT
    # full pages: the next page's first row (with the row under it, for an area heading) would
    # not have fitted
    for index, (page, following) in enumerate(itertools.pairwise(pages)):
        block = following[:2] if following[0] in areas else following[:1]
        used = sum(ws.row_dimensions[r].height for r in [*page, *block])
        assert used + (title if index else 0) > PAGE_BODY_PT


def test_render_keep_together_moves_a_short_table_to_the_next_page():
    first = Table(columns=["STT", "Nội dung"], rows=[Row([i, "Dòng"]) for i in range(1, 24)])
    second = Table(
        caption="2. Bảng ngắn",
        columns=["STT", "Nội dung"],
        rows=[Row([i, "Dòng"]) for i in range(1, 8)],
        keep_together=True,
    )

    ws = _render(Sheet(title="Hai bảng", widths=[6, 40], tables=[first, second]))["Hai bảng"]

    caption = next(c.row for c in ws["A"] if c.value == "2. Bảng ngắn")
    assert [b.id for b in ws.row_breaks.brk] == [caption - 1]


def test_render_chart_draws_the_table_rows_without_the_total():
    table = Table(
        columns=["STT", "Lĩnh vực", "Hoàn thành", "Chưa thực hiện", "Tổng số"],
        rows=[
            Row(["I", "Thể chế", 1, 2, 3]),
            Row(["II", "TTHC", 0, 1, 1]),
            Row(["", "Tổng", 1, 3, 4], TOTAL),
        ],
        chart=Chart(title="Theo lĩnh vực", series=[2, 3], colors=["2E7D32", "C62828"]),
    )

    ws = _render(Sheet(title="Biểu đồ", widths=[6, 30, 12, 12, 12], tables=[table]))["Biểu đồ"]

    (chart,) = ws._charts
    assert (chart.type, chart.grouping, chart.overlap) == ("bar", "stacked", 100)
    assert [s.val.numRef.f for s in chart.series] == ["'Biểu đồ'!$C$2:$C$3", "'Biểu đồ'!$D$2:$D$3"]
    assert [s.tx.strRef.f for s in chart.series] == ["'Biểu đồ'!C1", "'Biểu đồ'!D1"]
    assert [s.spPr.solidFill.srgbClr for s in chart.series] == ["2E7D32", "C62828"]
    assert chart.anchor._from.row + 1 > 4  # under the table

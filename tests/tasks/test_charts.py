"""The server-side SVG bar charts of the report page."""

import re
import xml.etree.ElementTree as ET

from tasks.reports.builder import Counts
from tasks.reports.charts import BAR_WIDTH, CLASS_COLOURS, CLASS_TEXT, stacked_bars_svg
from tasks.reports.classification import COUNTED_CLASSES, ReportClass
from tasks.reports.dashboard import on_time_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def _counts(**by_class):
    counts = Counts()
    for report_class, number in by_class.items():
        counts.by_class[report_class] = number
    return counts


def _parse(svg):
    return ET.fromstring(str(svg))  # noqa: S314 (our own output, not untrusted input)


def _segments(svg):
    root = _parse(svg)
    return [
        (rect.get("class"), float(rect.get("width")), rect.get("fill"))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("class", "").startswith("seg-")
    ]


def test_stacked_bars_svg_escapes_labels_and_title():
    svg = stacked_bars_svg(
        [("<script>alert(1)</script> & co", _counts(done_on_time=1))], 'Theo "lĩnh vực" <b>'
    )

    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg
    assert "Theo &quot;lĩnh vực&quot; &lt;b&gt;" in svg
    _parse(svg)  # well-formed


def test_stacked_bars_svg_is_an_accessible_image():
    svg = stacked_bars_svg([("A", _counts(done_on_time=1))], "Tiêu đề", chart_id="x")
    root = _parse(svg)

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "x-title"
    assert root.find(f"{SVG}title").text == "Tiêu đề"
    assert root.find(f"{SVG}title").get("id") == "x-title"


def test_charts_are_described_by_the_table_holding_their_numbers():
    rows = [("A", _counts(done_on_time=1))]

    assert _parse(stacked_bars_svg(rows, "T", chart_id="x")).get("aria-describedby") == "x-table"
    svg = stacked_bars_svg(rows, "T", chart_id="x", described_by='t"1')
    assert _parse(svg).get("aria-describedby") == 't"1'
    on_time = _parse(on_time_chart_svg([("Xã A", 50.0)], "T", chart_id="chart-dung-han"))
    assert on_time.get("role") == "img"
    assert on_time.get("aria-describedby") == "chart-dung-han-table"


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(one, other):
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_on_every_class_colour_reaches_wcag_aa_contrast():
    """Segment numbers and the report page's badges (e.g. the "hoàn thành quá hạn" one) are
    text on the class colour: at least 4.5:1."""
    ratios = {
        code: round(_contrast(CLASS_COLOURS[code], CLASS_TEXT[code]), 2) for code in CLASS_COLOURS
    }

    assert {code: ratio for code, ratio in ratios.items() if ratio < 4.5} == {}


def test_class_colours_are_the_okabe_ito_palette_plus_grey_for_undated():
    """A colour-blind-safe palette: six different colours, five of them Okabe–Ito's."""
    okabe_ito = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"}

    assert len(set(CLASS_COLOURS.values())) == 6
    assert {c for c in CLASS_COLOURS.values() if c not in okabe_ito} == {
        CLASS_COLOURS[ReportClass.UNDATED]
    }


def test_segments_are_outlined_so_neighbours_stay_apart_without_colour():
    svg = stacked_bars_svg([("A", _counts(done_on_time=1, done_late=1))], "T")

    segments = [r for r in _parse(svg).iter(f"{SVG}rect") if r.get("class", "").startswith("seg-")]
    assert [(r.get("stroke"), r.get("stroke-width")) for r in segments] == [("#1d2733", "0.75")] * 2


def test_stacked_bars_svg_widths_are_proportional_to_counts():
    svg = stacked_bars_svg(
        [
            ("Lĩnh vực I", _counts(done_on_time=2, in_progress_overdue=1, undated=1)),
            ("Lĩnh vực II", _counts(not_started=2)),
        ],
        "Theo lĩnh vực",
    )

    # The longest bar (4 tasks) fills the plot; each task is a quarter of it.
    unit = BAR_WIDTH / 4
    assert _segments(svg) == [
        ("seg-done_on_time", 2 * unit, CLASS_COLOURS[ReportClass.DONE_ON_TIME]),
        ("seg-in_progress_overdue", unit, CLASS_COLOURS[ReportClass.IN_PROGRESS_OVERDUE]),
        ("seg-undated", unit, CLASS_COLOURS[ReportClass.UNDATED]),
        ("seg-not_started", 2 * unit, CLASS_COLOURS[ReportClass.NOT_STARTED]),
    ]


def test_stacked_bars_svg_writes_numbers_in_wide_segments_and_totals():
    svg = stacked_bars_svg([("A", _counts(done_on_time=3, done_late=1))], "T")

    texts = [t.text for t in _parse(svg).iter(f"{SVG}text")]
    assert texts[:5] == ["T", "A", "3", "1", "4"]  # title, label, segments, total


def test_stacked_bars_svg_legend_lists_every_counted_class_and_not_cancelled():
    svg = stacked_bars_svg([("A", _counts(done_on_time=1))], "T")

    for report_class in COUNTED_CLASSES:
        assert f">{ReportClass(report_class).label}</text>" in svg
    assert ">Không thực hiện</text>" not in svg


def test_stacked_bars_svg_without_data_says_so():
    for rows in ([], [("Lĩnh vực I", Counts())]):
        svg = stacked_bars_svg(rows, "Theo lĩnh vực")

        assert _segments(svg) == []
        assert "Không có dữ liệu để vẽ." in svg
        assert not re.search(r'width="(nan|inf)', svg)

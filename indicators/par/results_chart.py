"""The results page's chart: per unit, two horizontal bars, the self-assessed total and the
appraised total, on the set's maximum score — server-side SVG like tasks/reports/charts.py
(no JavaScript, prints as drawn), whose helpers and conventions it shares.

Colours are Okabe–Ito (blue for the self-assessment, orange for the appraisal); each bar also
carries its number, and the chart is described by the results table (`aria-describedby`), so
colour is never the only cue. Every text is escaped; the result is marked safe.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from indicators.par.rules import fmt
from indicators.par.selectors import Results
from tasks.reports.charts import SEGMENT_OUTLINE, WIDTH, _num, _shorten

SELF_COLOUR = "#0072b2"  # blue
APPRAISED_COLOUR = "#e69f00"  # orange
LABEL_WIDTH = 250
BAR_WIDTH = WIDTH - LABEL_WIDTH - 60
BAR_HEIGHT = 12
GROUP_GAP = 10
TOP = 30
SERIES = (("self_score", "Tự đánh giá", SELF_COLOUR), ("appraised", "Thẩm định", APPRAISED_COLOUR))


def results_chart_svg(
    results: Results, *, chart_id: str = "chart", described_by: str | None = None
) -> SafeString:
    """An SVG of each row's self and appraised totals (bars proportional to the set's maximum),
    in the table's order, with a legend. `described_by` defaults to "<chart_id>-table"."""
    chart_id = escape(chart_id)
    described_by = escape(described_by or f"{chart_id}-table")
    title = f"Tổng điểm tự đánh giá và điểm thẩm định (tối đa {fmt(results.maximum)})"
    rows = results.rows
    group = 2 * BAR_HEIGHT + GROUP_GAP
    legend_top = TOP + max(len(rows), 1) * group + 8
    height = legend_top + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{described_by}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="#1d2733">{escape(title)}'
        "</text>",
    ]
    maximum = results.maximum
    if not rows or not maximum:
        parts.append(f'<text x="0" y="{TOP + 14}" fill="#5b6675">Không có dữ liệu để vẽ.</text>')
        rows = []
    for index, row in enumerate(rows):
        y = TOP + index * group
        name = row.assessment.subject_name
        parts.append(f'<g class="unit"><title>{escape(name)}</title>')
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{_num(y + BAR_HEIGHT + 4)}" text-anchor="end" '
            f'fill="#1d2733">{escape(_shorten(name))}</text>'
        )
        for offset, (attribute, label, colour) in enumerate(SERIES):
            value: Decimal = getattr(row.total, attribute)
            width = BAR_WIDTH * float(min(value, maximum) / maximum)
            top = y + offset * BAR_HEIGHT
            parts.append(
                f'<rect class="bar-{attribute}" x="{LABEL_WIDTH}" y="{top}" '
                f'width="{_num(width)}" height="{BAR_HEIGHT}" fill="{colour}" '
                f'stroke="{SEGMENT_OUTLINE}" stroke-width="0.75">'
                f"<title>{escape(label)}: {fmt(value)}</title></rect>"
                f'<text x="{_num(LABEL_WIDTH + width + 4)}" y="{top + BAR_HEIGHT - 2}" '
                f'font-size="11" fill="#1d2733">{fmt(value)}</text>'
            )
        parts.append("</g>")
    for index, (_attribute, label, colour) in enumerate(SERIES):
        x = LABEL_WIDTH + index * 160
        parts.append(
            f'<rect x="{x}" y="{legend_top}" width="12" height="12" fill="{colour}" '
            f'stroke="{SEGMENT_OUTLINE}" stroke-width="0.75"/>'
            f'<text x="{x + 18}" y="{legend_top + 10}" fill="#1d2733">{escape(label)}</text>'
        )
    parts.append("</svg>")
    # Every text above is escaped and every number is ours: safe to embed.
    return mark_safe("".join(parts))  # noqa: S308

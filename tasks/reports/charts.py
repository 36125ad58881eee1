"""Server-side SVG charts for the report page: no JavaScript, no CDN, prints as drawn.

`stacked_bars_svg` draws one horizontal bar per row (an area or an agency), split into the six
report classes, with a legend. Every piece of text goes through `django.utils.html.escape`,
so the result is marked safe and can be embedded in a template as is.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tasks.reports.builder import CLASS_ORDER, Counts
from tasks.reports.classification import ReportClass

# One colour per class, also used for the summary swatches and badges on the report page: the
# Okabe–Ito palette, whose colours stay apart for the common colour-vision deficiencies. Every
# segment also carries its number (direct label) and a dark outline, and the chart is described
# by the table holding the same numbers (`aria-describedby`), so colour is never the only cue.
CLASS_COLOURS: dict[str, str] = {
    ReportClass.DONE_ON_TIME: "#009e73",  # bluish green
    ReportClass.DONE_LATE: "#f0e442",  # yellow
    ReportClass.IN_PROGRESS_ON_TIME: "#0072b2",  # blue
    ReportClass.IN_PROGRESS_OVERDUE: "#e69f00",  # orange
    ReportClass.NOT_STARTED: "#d55e00",  # vermillion
    ReportClass.UNDATED: "#c3cad3",  # light grey
}
# Text drawn on a colour (segment numbers, badges): black or white, whichever reaches at least
# 4.5:1 (WCAG 2.1 AA) on it.
CLASS_TEXT: dict[str, str] = dict.fromkeys(CLASS_COLOURS, "#000000") | {
    ReportClass.IN_PROGRESS_ON_TIME: "#ffffff",
    ReportClass.UNDATED: "#1d2733",
}
SEGMENT_OUTLINE = "#1d2733"

WIDTH = 760
LABEL_WIDTH = 250  # the row labels, left of the bars
TOTAL_WIDTH = 40  # the row total, right of the bars
BAR_WIDTH = WIDTH - LABEL_WIDTH - TOTAL_WIDTH - 20
BAR_HEIGHT = 20
ROW_GAP = 8
TOP = 30  # room for the title
LEGEND_COLUMNS = 3
LEGEND_ROW = 20
LABEL_CHARS = 40  # longer labels are shortened; the full text is in the row's tooltip
MIN_NUMBER_WIDTH = 18  # a segment narrower than this shows no number


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _num(value: float) -> str:
    """A coordinate without float noise: 12.0 → "12", 12.345 → "12.35"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def stacked_bars_svg(
    rows: list[tuple[str, Counts]],
    title: str,
    *,
    chart_id: str = "chart",
    described_by: str | None = None,
) -> SafeString:
    """An SVG of one stacked bar per `(label, counts)` row, widths proportional to the counts
    (the longest bar fills the plot), with a legend of the classes.

    `chart_id` keeps the ids of several charts on one page apart (for `aria-labelledby`);
    `described_by` is the id of the table with the same numbers, "<chart_id>-table" by default:
    the page gives that id to the table.
    """
    chart_id = escape(chart_id)
    described_by = escape(described_by or f"{chart_id}-table")
    longest = max((counts.total for _, counts in rows), default=0)
    plot_top = TOP
    plot_height = max(len(rows), 1) * (BAR_HEIGHT + ROW_GAP)
    legend_top = plot_top + plot_height + 12
    legend_rows = -(-len(CLASS_ORDER) // LEGEND_COLUMNS)
    height = legend_top + legend_rows * LEGEND_ROW + 4

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{described_by}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="#1d2733">{escape(title)}'
        "</text>",
    ]

    if not rows or longest == 0:
        parts.append(
            f'<text x="0" y="{plot_top + 14}" fill="#5b6675">Không có dữ liệu để vẽ.</text>'
        )
    for index, (label, counts) in enumerate(rows if longest else []):
        y = plot_top + index * (BAR_HEIGHT + ROW_GAP)
        text_y = _num(y + BAR_HEIGHT / 2 + 4)
        parts.append(f'<g class="bar"><title>{escape(label)}: {counts.total}</title>')
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" fill="#1d2733">'
            f"{escape(_shorten(label))}</text>"
        )
        x = float(LABEL_WIDTH)
        for code in CLASS_ORDER:
            count = counts.by_class[code]
            if not count:
                continue
            width = BAR_WIDTH * count / longest
            parts.append(
                f'<rect class="seg-{code}" x="{_num(x)}" y="{y}" width="{_num(width)}" '
                f'height="{BAR_HEIGHT}" fill="{CLASS_COLOURS[code]}" stroke="{SEGMENT_OUTLINE}" '
                'stroke-width="0.75">'
                f"<title>{escape(ReportClass(code).label)}: {count}</title></rect>"
            )
            if width >= MIN_NUMBER_WIDTH:
                parts.append(
                    f'<text x="{_num(x + width / 2)}" y="{text_y}" text-anchor="middle" '
                    f'fill="{CLASS_TEXT[code]}">{count}</text>'
                )
            x += width
        parts.append(
            f'<text x="{_num(x + 6)}" y="{text_y}" font-weight="bold" fill="#1d2733">'
            f"{counts.total}</text></g>"
        )

    column_width = WIDTH / LEGEND_COLUMNS
    for index, code in enumerate(CLASS_ORDER):
        x = (index % LEGEND_COLUMNS) * column_width
        y = legend_top + (index // LEGEND_COLUMNS) * LEGEND_ROW
        parts.append(
            f'<rect x="{_num(x)}" y="{y}" width="12" height="12" fill="{CLASS_COLOURS[code]}" '
            f'stroke="{SEGMENT_OUTLINE}" stroke-width="0.75"/>'
            f'<text x="{_num(x + 18)}" y="{y + 10}" fill="#1d2733">'
            f"{escape(ReportClass(code).label)}</text>"
        )
    parts.append("</svg>")
    # Every text above is escaped and every number is ours: safe to embed.
    return mark_safe("".join(parts))  # noqa: S308

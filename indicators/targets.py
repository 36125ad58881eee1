"""Parse the target statements (chỉ tiêu) of a reform plan into figures.

Pure Python, no Django. :func:`parse_targets` never raises and never returns an empty list;
:func:`guess_subject` proposes a short label for what a statement measures.

Figures recognised (matching is case-insensitive on the NFC-normalised statement)
--------------------------------------------------------------------------------

==========================================  ==========  =========  ===============================
form                                        comparator  unit       value / max_value
==========================================  ==========  =========  ===============================
``đạt 9.5/9.5 điểm``, ``13/13 điểm``,       ``eq``      points     9.5 / 9.5 (full-marks form is
``10,5/11,5 điểm``                                                 an exact score)
``đạt 13 điểm``                             keyword     points     13 / None
``đạt trên 86%``, ``Trên 99%``, ``hơn``     ``gt``      percent    86
``từ 90% trở lên``, ``90% trở lên``,        ``gte``     percent
``tối thiểu 30%``, ``ít nhất``,
``không dưới``, ``không thấp hơn``
``dưới 5%``, ``thấp hơn``                   ``lt``      percent
``không quá``, ``tối đa``, ``trở xuống``    ``lte``     percent
``100% …``, ``đạt 95%``                     ``gte``     percent    a bare figure is a minimum
                                                                   to reach: always ``gte``
``giảm 10% … so với năm 2021``,             ``reduction``  count   10 = the minimum reduction,
``giảm tối thiểu 10%``                                             in percent; ``base_year``
                                                                   2021 (None when no year)
``Đạt 30 TTHC``, ``ít nhất 01 sáng kiến``,  keyword or  count      30
``tối thiểu 02 lần``                        ``gte``
``trong nhóm 05 … đứng đầu``, ``nằm trong   ``top``     rank       5 (rank 1..N)
5 đơn vị dẫn đầu``, ``xếp hạng từ 6 đến
10``, ``top 10``
``năm sau cao hơn năm trước``, ``tăng       ``increase``  rank /   None; unit ``rank`` when the
bậc``, ``tăng hơn``, ``tăng dần``                        points /  clause talks about a ranking
                                                         count /   (bậc, hạng), ``points`` for
                                                         text      ``điểm``, ``count`` for
                                                                   ``số lượng``, else ``text``
==========================================  ==========  =========  ===============================

* The comparator keyword must sit right before the number, with only filler words between
  them (``đạt``, ``là``, ``tương ứng``, ``từ``, ``mức``, ``khoảng``, ``lần lượt``, ``tỷ lệ``…):
  in ``trên tổng số hồ sơ đạt 30%`` the word ``trên`` does not belong to 30%. ``trở lên`` /
  ``trở xuống`` right after the figure win over the word before it.
* A figure with no keyword of its own that directly follows another figure in a list
  (``70%, 60% và 55%``) takes that figure's comparator.
* Numbers only count as a ``count`` target when a comparator word or ``đạt``/``có`` precedes
  them and a word (not a time unit like năm, tháng, quý, ngày) follows; document numbers and
  dates (``161/KH-UBND``, ``12/7/2021``) are never figures. Decimal comma (``9,5``) is read as
  a decimal point.
* One :class:`ParsedTarget` per figure, in the order they appear: none is dropped. An
  ``increase`` target is added for an increase phrase whose clause holds no figure (so
  ``… nằm trong 5 đơn vị dẫn đầu … và điểm Chỉ số … năm sau cao hơn năm trước`` gives a
  ``top`` and an ``increase`` target).
* ``clause`` is a verbatim substring of the statement (of its NFC form, which is the same string
  for ordinary input): the statement is cut into sentences at ``;`` and ``. ``, each sentence into
  pieces at ``,`` and `` và `` (not in "mức độ 3 và 4"); every piece without a figure is
  attached to the figure piece before it (or after it, at the start of a sentence), so the
  clauses of one sentence cover it. Items of a bare list ("70%, 60% và 55%") get only their
  own piece ("60%") as clause.
* ``giảm`` ("reduce") right before a percentage, with only filler words between (``giảm 10%``,
  ``thực hiện giảm tối thiểu 10%``), makes it a relative reduction: the figure is how much the
  measured value must fall, not a level to reach. ``so với năm YYYY`` in the same clause is the
  base year. The unit of a reduction is ``count``: its actuals and baseline are plain
  numbers (an amount, a number of units), compared with the base year's. ``giảm xuống 5%``
  (fall *to* 5%) is a level, not a reduction.
* Nothing recognised → one target ``comparator="text", unit="text", value=None,
  max_value=None, clause=statement``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

COMPARATORS = ("gte", "gt", "lte", "lt", "eq", "top", "increase", "reduction", "text")
UNITS = ("percent", "points", "count", "rank", "text")


@dataclass(frozen=True)
class ParsedTarget:
    comparator: str
    value: Decimal | None
    max_value: Decimal | None
    unit: str
    clause: str
    base_year: int | None = None  # the year a ``reduction`` is measured against


_F = re.IGNORECASE
_NUM = r"\d+(?:[.,]\d+)?"

# keyword → comparator; alternation is longest-first so "không dưới" beats "dưới"
_KEYWORDS = [
    ("không thấp hơn", "gte"),
    ("không ít hơn", "gte"),
    ("không dưới", "gte"),
    ("tối thiểu", "gte"),
    ("ít nhất", "gte"),
    ("trở lên", "gte"),
    ("không vượt quá", "lte"),
    ("không quá", "lte"),
    ("không cao hơn", "lte"),
    ("không vượt", "lte"),
    ("tối đa", "lte"),
    ("nhiều nhất", "lte"),
    ("thấp hơn", "lt"),
    ("ít hơn", "lt"),
    ("dưới", "lt"),
    ("cao hơn", "gt"),
    ("nhiều hơn", "gt"),
    ("vượt", "gt"),
    ("trên", "gt"),
    ("hơn", "gt"),
    ("bằng", "eq"),
    ("từ", "gte"),
]
_KW_MAP = dict(_KEYWORDS)
_RE_KW = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k, _ in _KEYWORDS) + r")(?!\w)", _F)
_FILLER = re.compile(
    r"^(?:\s|,|:|đạt|là|tương ứng|từ|mức|ở mức|khoảng|lần lượt|tỷ lệ|phấn đấu|được|có)*$", _F
)
_LIST_GAP = re.compile(r"^(?:\s|,|và|hoặc|;)*$", _F)

_RE_POINTS_MAX = re.compile(rf"(?<![\d/])({_NUM})\s*/\s*({_NUM})\s*điểm", _F)
_RE_POINTS = re.compile(rf"(?<![\d/.,])({_NUM})\s*điểm", _F)
_RE_PERCENT = re.compile(rf"(?<![\d/.,])({_NUM})\s*%", _F)
_RE_RANK_GROUP = re.compile(
    r"(?:nhóm|trong|top)\s+(\d{1,3})(?![\d/.,%])(?=[^.;]*?(?:đứng đầu|dẫn đầu|cao nhất))", _F
)
_RE_RANK_RANGE = re.compile(r"xếp hạng\s+từ\s+(\d{1,3})\s*(?:đến|-|–)\s*(\d{1,3})(?!\d)", _F)
_RE_TOP = re.compile(r"(?<!\w)top\s+(\d{1,3})(?!\d)", _F)
_RE_COUNT = re.compile(
    r"(?<!\w)(?:đạt|tối thiểu|ít nhất|dưới|không quá|tối đa|có|không dưới)\s+"
    r"(\d{1,6})(?![\d/.,%])\s+(?!(?:năm|tháng|quý|ngày|tuần|giờ|điểm)(?!\w))\w",
    _F,
)
# "giảm" right before a percentage (fillers and "at least" words between): a relative reduction
_RE_REDUCE_BEFORE = re.compile(
    r"(?<!\w)giảm(?:\s+(?:tối thiểu|ít nhất|không dưới|được|thêm|khoảng|mức|từ))*\s*$", _F
)
_RE_BASE_YEAR = re.compile(r"so với\s+(?:cùng kỳ\s+)?(?:năm\s+)?((?:19|20)\d\d)(?!\d)", _F)
_RE_INCREASE = re.compile(
    r"năm sau (?:cao hơn|tăng hơn|tăng|lớn hơn)|tăng bậc|tăng hạng|nâng hạng|tăng hơn|tăng dần"
    r"|(?<!\w)tăng(?!\w)|cao hơn năm trước|cải thiện (?:thứ hạng|xếp hạng)",
    _F,
)


@dataclass
class _Figure:
    start: int  # where the number starts
    stop: int  # end of the whole figure ("%", "điểm", the counted word…)
    comparator: str | None
    value: Decimal | None
    max_value: Decimal | None
    unit: str


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _overlaps(fig_spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    return any(s < stop and start < e for s, e in fig_spans)


def _find_figures(s: str) -> list[_Figure]:
    figs: list[_Figure] = []
    spans: list[tuple[int, int]] = []

    def add(fig: _Figure) -> None:
        if not _overlaps(spans, fig.start, fig.stop):
            figs.append(fig)
            spans.append((fig.start, fig.stop))

    for m in _RE_POINTS_MAX.finditer(s):
        add(_Figure(m.start(), m.end(), "eq", _dec(m.group(1)), _dec(m.group(2)), "points"))
    for m in _RE_RANK_RANGE.finditer(s):
        add(_Figure(m.start(), m.end(), "top", Decimal(int(m.group(2))), None, "rank"))
    for m in _RE_RANK_GROUP.finditer(s):
        add(_Figure(m.start(1), m.end(1), "top", Decimal(int(m.group(1))), None, "rank"))
    for m in _RE_TOP.finditer(s):
        add(_Figure(m.start(1), m.end(1), "top", Decimal(int(m.group(1))), None, "rank"))
    for m in _RE_PERCENT.finditer(s):
        add(_Figure(m.start(1), m.end(), None, _dec(m.group(1)), None, "percent"))
    for m in _RE_POINTS.finditer(s):
        add(_Figure(m.start(1), m.end(), None, _dec(m.group(1)), None, "points"))
    for m in _RE_COUNT.finditer(s):
        add(_Figure(m.start(1), m.end(1), None, Decimal(int(m.group(1))), None, "count"))
    figs.sort(key=lambda f: f.start)
    return figs


def _comparator_before(s: str, lo: int, start: int) -> str | None:
    window = s[lo:start]
    last = None
    for m in _RE_KW.finditer(window):
        last = m
    if last is None or last.group(1).lower() == "trở lên":
        return None
    if not _FILLER.match(window[last.end() :]):
        return None
    return _KW_MAP[last.group(1).lower()]


def _comparator_after(s: str, stop: int) -> str | None:
    tail = s[stop : stop + 12].lower().lstrip()
    if tail.startswith("trở lên"):
        return "gte"
    if tail.startswith("trở xuống"):
        return "lte"
    return None


# --------------------------------------------------------------------------- clauses

_RE_SENTENCE_SEP = re.compile(r";|\.(?=\s|$)|\n")
_RE_PIECE_SEP = re.compile(r",|(?<!\w)và(?!\w)(?!\s+\d+(?:[.,]\d+)?(?!\s*%|[\d.,]))", _F)
_STRIP = " \t\r\n,;.:-–+•·"


def _spans(s: str, sep: re.Pattern[str], lo: int, hi: int) -> list[tuple[int, int]]:
    out, pos = [], lo
    for m in sep.finditer(s, lo, hi):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, hi))
    return out


def _trim(s: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and s[lo] in _STRIP:
        lo += 1
    while hi > lo and s[hi - 1] in _STRIP:
        hi -= 1
    return lo, hi


def _clauses(s: str, points: list[int]) -> dict[int, tuple[int, int]]:
    """Map each point (an offset in ``s``) to the (start, stop) of its clause."""
    result: dict[int, tuple[int, int]] = {}
    for slo, shi in _spans(s, _RE_SENTENCE_SEP, 0, len(s)):
        pieces = _spans(s, _RE_PIECE_SEP, slo, shi)
        owners = [[p for p in points if lo <= p < hi] for lo, hi in pieces]
        if not any(owners):
            continue
        # group pieces: a piece with points starts a group; leading pieces join the first group
        groups: list[list[int]] = []
        for i, own in enumerate(owners):
            if own and (groups and any(owners[j] for j in groups[-1])):
                groups.append([i])
            elif groups:
                groups[-1].append(i)
            else:
                groups.append([i])
        for g in groups:
            lo, hi = _trim(s, pieces[g[0]][0], pieces[g[-1]][1])
            if lo >= hi:
                lo, hi = pieces[g[0]][0], pieces[g[-1]][1]
            for i in g:
                for p in owners[i]:
                    result[p] = (lo, hi)
    return result


def _increase_unit(clause: str) -> str:
    c = clause.lower()
    if re.search(r"bậc|xếp hạng|thứ hạng|(?<!\w)hạng", c):
        return "rank"
    if "điểm" in c:
        return "points"
    if "số lượng" in c:
        return "count"
    return "text"


# --------------------------------------------------------------------------- public API


def parse_targets(statement: str) -> list[ParsedTarget]:
    """Split a target statement into its figures. Never raises, never returns ``[]``."""
    try:
        result = _parse(statement)
    except Exception:
        result = []
    if not result:
        text = (
            statement
            if isinstance(statement, str)
            else ("" if statement is None else str(statement))
        )
        result = [ParsedTarget("text", None, None, "text", text)]
    return result


def _parse(statement: str) -> list[ParsedTarget]:
    if not isinstance(statement, str) or not statement.strip():
        return []
    s = unicodedata.normalize("NFC", statement)
    figs = _find_figures(s)

    prev: _Figure | None = None
    prev_cmp: str | None = None
    for fig in figs:
        if fig.comparator is None:
            lo = prev.stop if prev is not None else 0
            cmp_ = _comparator_after(s, fig.stop) or _comparator_before(s, lo, fig.start)
            if (
                cmp_ is None
                and prev is not None
                and prev_cmp
                and _LIST_GAP.match(s[prev.stop : fig.start])
            ):
                cmp_ = prev_cmp
            fig.comparator = cmp_ or "gte"
        prev, prev_cmp = fig, fig.comparator

    reductions: set[int] = set()
    prev_stop = 0
    for fig in figs:
        if fig.unit == "percent" and _RE_REDUCE_BEFORE.search(s[prev_stop : fig.start]):
            reductions.add(fig.start)
        prev_stop = fig.stop

    increases = list(_RE_INCREASE.finditer(s))
    points = [f.start for f in figs] + [m.start() for m in increases]
    clause_of = _clauses(s, points)

    items: list[tuple[int, ParsedTarget]] = []
    fig_clauses = set()
    for fig in figs:
        lo, hi = clause_of.get(fig.start, (0, len(s)))
        fig_clauses.add((lo, hi))
        if fig.start in reductions:
            year = _RE_BASE_YEAR.search(s, lo, hi)
            target = ParsedTarget(
                "reduction",
                fig.value,
                None,
                "count",
                s[lo:hi],
                int(year.group(1)) if year else None,
            )
        else:
            target = ParsedTarget(
                fig.comparator or "gte", fig.value, fig.max_value, fig.unit, s[lo:hi]
            )
        items.append((fig.start, target))
    seen_inc = set()
    for m in increases:
        span = clause_of.get(m.start(), (0, len(s)))
        clause_text = s[span[0] : span[1]]
        if span in seen_inc or any(f.start >= span[0] and f.start < span[1] for f in figs):
            continue
        seen_inc.add(span)
        items.append(
            (
                m.start(),
                ParsedTarget("increase", None, None, _increase_unit(clause_text), clause_text),
            )
        )
    items.sort(key=lambda it: it[0])
    return [t for _, t in items]


# --------------------------------------------------------------------------- subjects

SURVEY_LABEL = "Khảo sát đại biểu HĐND, lãnh đạo"

_SUBJECTS: list[tuple[str, str]] = [
    (
        r"par\s*-?\s*index|chỉ số cchc|chỉ số cải cách hành chính"
        r"|\d\s*/\s*\d+(?:[.,]\d+)?\s*điểm",
        "Chỉ số CCHC (PAR Index)",
    ),
    (r"(?<!\w)sipas(?!\w)|chỉ số hài lòng|mức độ hài lòng|sự hài lòng", "SIPAS"),
    # The survey of People's Council delegates and leaders (Tuy Phước) is its own index, not
    # SIPAS: SIPAS surveys citizens and organisations served by the administration.
    (r"khảo sát đại biểu|đại biểu (?:hội đồng nhân dân|hđnd)", SURVEY_LABEL),
    (r"(?<!\w)papi(?!\w)|hiệu quả quản trị và hành chính công", "PAPI"),
    (r"ict\s*-?\s*index|chỉ số ứng dụng công nghệ thông tin", "ICT Index"),
    (r"(?<!\w)ddci(?!\w)|năng lực cạnh tranh cấp (?:huyện|sở)", "DDCI"),
    (r"(?<!\w)pci(?!\w)|năng lực cạnh tranh", "PCI"),
    (
        r"dịch vụ công trực tuyến|trực tuyến toàn trình|dịch vụ công mức độ|dvc"
        r"|giải quyết trực tuyến|xử lý trực tuyến|thanh toán trực tuyến",
        "Dịch vụ công trực tuyến",
    ),
    (r"số hóa|số hoá", "Số hóa hồ sơ, kết quả TTHC"),
    (r"văn bản quy phạm pháp luật|(?<!\w)v?b?qppl(?!\w)", "Văn bản QPPL"),
    (r"phản ánh, kiến nghị|kiến nghị, phản ánh|(?<!\w)pakn(?!\w)", "Phản ánh, kiến nghị"),
    (r"hồ sơ (?:thủ tục hành chính|tthc)|hồ sơ giải quyết", "Hồ sơ TTHC"),
    (r"môi trường mạng|văn bản điện tử|hồ sơ công việc|chữ ký số", "Văn bản điện tử"),
    (r"thủ tục hành chính|(?<!\w)tthc(?!\w)", "Thủ tục hành chính"),
    (r"iso\s*9001", "ISO 9001"),
    (
        r"cán bộ, công chức|công chức, viên chức|(?<!\w)cbccvc(?!\w)|(?<!\w)ccvc(?!\w)",
        "Cán bộ, công chức, viên chức",
    ),
    (r"thanh tra|kiểm toán", "Kiến nghị thanh tra, kiểm toán"),
    (r"kiểm tra", "Kiểm tra CCHC"),
    (r"ngân sách|tài sản công|tự chủ", "Tài chính công"),
    (r"sáng kiến", "Sáng kiến"),
    (r"đối thoại", "Đối thoại với người dân, doanh nghiệp"),
    (r"chỉ tiêu phát triển kinh tế", "Chỉ tiêu kinh tế - xã hội"),
    (r"tuyên truyền", "Thông tin, tuyên truyền"),
    (r"tổ chức bộ máy|cơ cấu tổ chức|chức năng,? nhiệm vụ", "Tổ chức bộ máy"),
    (r"vị trí việc làm", "Vị trí việc làm"),
    (r"phân cấp", "Phân cấp, phân quyền"),
    (r"thi hành pháp luật", "Theo dõi thi hành pháp luật"),
    (r"chế độ (?:thông tin, )?báo cáo", "Chế độ báo cáo"),
    (r"chuyển đổi số|chính quyền điện tử|chính quyền số|dữ liệu dùng chung", "Chính quyền số"),
    (r"nhiệm vụ", "Nhiệm vụ được giao"),
]
_SUBJECT_RES = [(re.compile(p, _F), label) for p, label in _SUBJECTS]
# The national and provincial indices a district is ranked on: a target naming several of them
# ("xếp hạng PAPI, DDCI, SIPAS thuộc nhóm 07") is about all of them.
INDEX_LABELS = ("Chỉ số CCHC (PAR Index)", "SIPAS", "PAPI", "ICT Index", "DDCI", "PCI")


def _subject_matches(s: str) -> list[tuple[int, int, int, str]]:
    """Every keyword match as (start, priority, end, label), without matches overlapping one of
    a more specific (earlier-listed) subject, in the order they appear."""
    found = sorted(
        (m.start(), priority, m.end(), label)
        for priority, (rx, label) in enumerate(_SUBJECT_RES)
        for m in rx.finditer(s)
    )
    kept: list[tuple[int, int, int, str]] = []
    for match in found:
        start, priority, end, _label = match
        if any(
            f_start < end and start < f_end and f_priority < priority
            for f_start, f_priority, f_end, _ in found
        ):
            continue
        kept.append(match)
    return kept


def guess_subject(statement: str) -> str:
    """A short label for what the statement measures, from keywords; ``""`` when none.

    The label whose keyword appears first in the statement wins (a statement is about what it
    starts with: "100% cán bộ, công chức … Chỉ số PARINDEX" is about civil servants); when
    keywords overlap, the one earlier in the priority list below wins. A score written
    "x/y điểm" is a PAR Index area score. When the winner is one of the ranked indices
    (`INDEX_LABELS`), every index the statement names is listed, in order:
    "PAPI, DDCI, SIPAS".
    """
    try:
        if not isinstance(statement, str):
            return ""
        matches = _subject_matches(unicodedata.normalize("NFC", statement))
        if not matches:
            return ""
        label = matches[0][3]
        if label not in INDEX_LABELS:
            return label
        labels: list[str] = []
        for _start, _priority, _end, other in matches:
            if other in INDEX_LABELS and other not in labels:
                labels.append(other)
        return ", ".join(labels)
    except Exception:
        return ""


def base_year_of(text: str) -> int | None:
    """The year a reduction is measured against ("so với năm 2021" → 2021), or None."""
    if not isinstance(text, str):
        return None
    match = _RE_BASE_YEAR.search(unicodedata.normalize("NFC", text))
    return int(match.group(1)) if match else None


__all__ = [
    "COMPARATORS",
    "INDEX_LABELS",
    "SURVEY_LABEL",
    "UNITS",
    "ParsedTarget",
    "base_year_of",
    "guess_subject",
    "parse_targets",
]

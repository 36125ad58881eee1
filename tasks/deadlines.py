"""Parse the free-text deadline ("Thời gian hoàn thành / thực hiện") of a reform-plan task.

Pure Python, no Django. The original text is always kept verbatim by the caller; this module
only derives a structured reading of it: :func:`parse_deadline` returns a
:class:`ParsedDeadline` and never raises.

Grammar (matching is case-insensitive, on NFC text, en/em dashes read as "-", spaces collapsed)
------------------------------------------------------------------------------------------------

Dated pieces ("atoms") are found anywhere in the text, in this order of precedence:

=====================================================  ===============================  =========
text                                                   reading                          kind
=====================================================  ===============================  =========
``Trước ngày 15/02/2022``, ``15/01/2023``, ``1/2/2022``  that date (d/m/yyyy, dd/mm/yyyy,  date
``ngày 15 tháng 02 năm 2022``, ``15-02-2022``            also ``-`` or ``.`` separators)
``trước ngày 10/3`` (no year)                          that date, year supplied (below)  date
``Quý I/2022``, ``Quý I năm 2020``, ``QUÝ iv``,        last day of the quarter           quarter
``Quý 1/2022``
``Quý I, II/2022``, ``Quý I và II năm 2022``           last day of the last quarter      quarter
``Tháng 12 năm 2020``, ``Tháng 01/2021``,              last day of the month             month
``Trong tháng 01/2023``, ``Tháng 3/2022``, ``Tháng 02``
``Cả năm 2023``, ``Trong năm 2020``, ``năm 2022``,     31/12 of that year                year
``2022``
``2022-2025``, ``giai đoạn 2023 - 2025``               31/12 of the last year            range
bare ``Cả năm``, ``Trong năm`` (no year)               31/12 of ``end_year``             year
=====================================================  ===============================  =========

* The due date is the latest date of all atoms; the other atom dates, ascending, are the
  ``milestones``; the kind is the kind of the atom giving the due date. So
  ``Ban hành Kế hoạch trong tháng 01, thực hiện năm 2022`` → due 2022-12-31, milestone
  2022-01-31, kind ``year``; ``Ban hành Kế hoạch trong tháng 11 và hoàn thành điều tra, đánh
  giá trong tháng 12/2022`` → due 2022-12-31, milestone 2022-11-30, kind ``month``.
* ``Từ X đến Y`` (or ``X - Y`` between two quarters/months) with two atoms is a **range**:
  kind ``range``, due = end of Y, no milestones (the start of a range is not a deadline).
* **Missing year** (a month, quarter or day/month written without a year): the year of the
  next atom in the same text that has one (one year earlier if that would put the piece after
  that atom: ``tháng 11, hoàn thành tháng 02/2024`` → November 2023); else the year of the
  nearest earlier atom that has one; else ``start_year`` (so in a 2023–2025 plan, ``Quý I``
  alone means Quý I/2023). A bare ``Cả năm`` / ``Trong năm`` means the whole plan period and
  reads as 31/12 of ``end_year`` (the plan's year for a one-year plan).
* **Out of period**: any atom date whose year is outside ``start_year..end_year`` is kept as
  written, never corrected, and ``out_of_period`` is set (``Cả năm 2022`` in the 2023 plan,
  ``Quý III năm 2019`` in the 2020 plan, ``Từ Quý IV/2023 đến Quý I/2024`` in the 2023 plan).
* An **invalid** date or number (31/02/2022, tháng 13, quý 5 written as ``Quý 5/2022``) makes
  the whole text ``unknown``: nothing is guessed.

Texts without a dated atom:

* ``""`` / blanks → ``none``.
* ongoing or periodic → ``recurring``: ``Thường xuyên``, ``Thường xuyên trong năm``,
  ``Kiểm tra thường xuyên``, ``Hằng Quý 01 số``, ``Theo định kỳ hằng quý, 6 tháng, 01 năm``,
  ``Định kỳ 01 tháng/01 chuyên đề``, ``hàng năm``, ``liên tục``… A recurring word written
  *before* the first dated atom also wins over it (``Thường xuyên trong năm 2022`` is
  recurring); written after it (``Quý I năm 2020 ban hành kế hoạch; định kỳ hàng năm báo
  cáo…``) the date is a milestone and the due date is the end of that year (kind ``year``),
  like "Ban hành Kế hoạch trong tháng 01, thực hiện năm 2022".
* ``Đột xuất`` → ``adhoc``.
* depends on another document → ``conditional``: ``Theo hướng dẫn của Thành phố``,
  ``Khi thành phố có văn bản hướng dẫn``, ``Ngay sau khi có Kế hoạch…``, ``Sau khi có Quy
  chế…``, ``Theo Kế hoạch kiểm tra của UBND huyện``, ``Theo quy định của TP``, ``Đúng tiến
  độ đã được cấp có thẩm quyền giao``, ``theo chỉ đạo…``.
* anything else → ``unknown``.

``explanation`` is a short Vietnamese reading, e.g. ``"Cuối Quý I/2022"``,
``"Ngày 15/02/2022"``, ``"Mốc: cuối tháng 01/2022; hạn: cuối năm 2022 (năm lấy theo kế
hoạch)"``, ``"Cả năm 2022 — ngoài thời kỳ kế hoạch 2023"``.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

KIND_DATE = "date"
KIND_MONTH = "month"
KIND_QUARTER = "quarter"
KIND_YEAR = "year"
KIND_RANGE = "range"
KIND_RECURRING = "recurring"
KIND_CONDITIONAL = "conditional"
KIND_ADHOC = "adhoc"
KIND_NONE = "none"
KIND_UNKNOWN = "unknown"

KINDS = (
    KIND_DATE,
    KIND_MONTH,
    KIND_QUARTER,
    KIND_YEAR,
    KIND_RANGE,
    KIND_RECURRING,
    KIND_CONDITIONAL,
    KIND_ADHOC,
    KIND_NONE,
    KIND_UNKNOWN,
)


@dataclass(frozen=True)
class ParsedDeadline:
    kind: str
    due_date: datetime.date | None
    milestones: tuple[datetime.date, ...]
    out_of_period: bool
    explanation: str


# --------------------------------------------------------------------------- normalisation

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    text = text.replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip().lower()
    # old-style tone placement and the "quí" spelling
    text = text.replace("qúy", "quý").replace("quí", "quý")
    return text


# --------------------------------------------------------------------------- atoms

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QNUM = r"(?:iv|iii|ii|i|v|\d{1,2})"  # "v" and big numbers are caught as invalid quarters

_RE_DMY_WORDS = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{1,4})(?!\d)")
_RE_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/])")
_RE_DM = re.compile(r"ngày\s*(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_RE_QUARTER = re.compile(
    rf"quý\s*({_QNUM})(?![\w])"
    rf"((?:\s*(?:,|và|&|;)\s*(?:quý\s*)?{_QNUM}(?![\w]))*)"
    r"(?:\s*(?:/|năm)\s*(\d{4})(?!\d))?"
)
_RE_MONTH = re.compile(r"tháng\s*(\d{1,2})(?!\d)(?:\s*(?:/|năm)\s*(\d{4})(?!\d))?")
_RE_YEAR_RANGE = re.compile(r"(?<![\d/])((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})(?![\d/])")
_RE_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/])")
_RE_BARE_YEAR_WORD = re.compile(r"(?:cả|trong|suốt)\s+năm(?!\s*\d)")

_RE_RECURRING = re.compile(
    r"thường xuyên|thương xuyên|định kỳ|(?:hằng|hàng)\s+(?:quý|tháng|năm|tuần|ngày)"
    r"|liên tục|mỗi\s+(?:quý|tháng|năm|tuần)"
)
_RE_ADHOC = re.compile(r"đột xuất")
_RE_CONDITIONAL = re.compile(
    r"theo hướng dẫn|hướng dẫn của|\bkhi\b|theo kế hoạch|theo quy định|đúng tiến độ"
    r"|theo tiến độ|theo chỉ đạo|theo yêu cầu|theo lộ trình|theo văn bản|sau khi"
)
_RE_FROM_TO = re.compile(r"\btừ\b.*\bđến\b")


@dataclass
class _Atom:
    pos: int
    kind: str  # date | month | quarter | year | range
    year: int | None
    month: int = 0
    day: int = 0
    quarters: tuple[int, ...] = ()
    start_year: int = 0  # for year ranges
    explicit_year: bool = True
    end: datetime.date | None = None
    stop: int = 0
    year_source: str = ""  # "" (written), "text" (from another atom) or "plan"


class _Invalid(Exception):
    """A date-looking piece that is not a valid date."""


def _quarter_value(token: str) -> int:
    token = token.strip()
    if token in _ROMAN:
        return _ROMAN[token]
    if token.isdigit() and 1 <= int(token) <= 4:
        return int(token)
    raise _Invalid(token)


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _find_atoms(text: str, bare_year_words: bool) -> list[_Atom]:
    atoms: list[_Atom] = []
    work = text

    for m in _RE_DMY_WORDS.finditer(work):
        atoms.append(_Atom(m.start(), KIND_DATE, int(m.group(3)), int(m.group(2)), int(m.group(1))))
        atoms[-1].stop = m.end()
        work = _mask(work, m.start(), m.end())
    for m in _RE_DMY.finditer(work):
        atoms.append(_Atom(m.start(), KIND_DATE, int(m.group(4)), int(m.group(3)), int(m.group(1))))
        atoms[-1].stop = m.end()
        work = _mask(work, m.start(), m.end())
    for m in _RE_DM.finditer(work):
        atoms.append(
            _Atom(m.start(), KIND_DATE, None, int(m.group(2)), int(m.group(1)), explicit_year=False)
        )
        atoms[-1].stop = m.end()
        work = _mask(work, m.start(), m.end())
    for m in _RE_QUARTER.finditer(work):
        more = re.findall(_QNUM + r"(?![\w])", re.sub(r"quý", " ", m.group(2)))
        tokens = [m.group(1), *more]
        quarters = tuple(_quarter_value(t) for t in tokens)
        year = int(m.group(3)) if m.group(3) else None
        atoms.append(
            _Atom(m.start(), KIND_QUARTER, year, quarters=quarters, explicit_year=year is not None)
        )
        atoms[-1].stop = m.end()
        work = _mask(work, m.start(), m.end())
    for m in _RE_MONTH.finditer(work):
        month = int(m.group(1))
        if not 1 <= month <= 12:
            raise _Invalid(m.group(0))
        year = int(m.group(2)) if m.group(2) else None
        atoms.append(_Atom(m.start(), KIND_MONTH, year, month, explicit_year=year is not None))
        atoms[-1].stop = m.end()
        work = _mask(work, m.start(), m.end())
    for m in _RE_YEAR_RANGE.finditer(work):
        first, last = int(m.group(1)), int(m.group(2))
        if last < first:
            raise _Invalid(m.group(0))
        atoms.append(_Atom(m.start(), KIND_RANGE, last, start_year=first))
        atoms[-1].stop = m.end()
        work = _mask(work, m.start(), m.end())
    for m in _RE_YEAR.finditer(work):
        atoms.append(_Atom(m.start(), KIND_YEAR, int(m.group(1))))
        atoms[-1].stop = m.end()
        work = _mask(work, m.start(), m.end())
    if bare_year_words:
        for m in _RE_BARE_YEAR_WORD.finditer(text):
            atoms.append(_Atom(m.start(), KIND_YEAR, None, explicit_year=False, stop=m.end()))
    atoms.sort(key=lambda a: a.pos)
    return atoms


def _end_of(atom: _Atom, year: int) -> datetime.date:
    try:
        if atom.kind == KIND_DATE:
            return datetime.date(year, atom.month, atom.day)
        if atom.kind == KIND_MONTH:
            return datetime.date(year, atom.month, calendar.monthrange(year, atom.month)[1])
        if atom.kind == KIND_QUARTER:
            last_month = 3 * max(atom.quarters)
            return datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
        return datetime.date(year, 12, 31)
    except (ValueError, OverflowError) as exc:
        raise _Invalid(str(exc)) from exc


def _resolve_years(atoms: list[_Atom], start_year: int, end_year: int) -> None:
    for atom in atoms:
        if atom.year is not None:
            atom.end = _end_of(atom, atom.year)
    for i, atom in enumerate(atoms):
        if atom.year is not None:
            continue
        if atom.kind == KIND_YEAR:  # bare "Cả năm" / "Trong năm": the whole plan period
            atom.year = end_year
            atom.end = _end_of(atom, end_year)
            atom.year_source = "plan"
            continue
        later = next((a for a in atoms[i + 1 :] if a.explicit_year and a.end), None)
        earlier = next((a for a in reversed(atoms[:i]) if a.explicit_year and a.end), None)
        if later is not None:
            year = later.year
            end = _end_of(atom, year)
            if end > later.end:
                year -= 1
                end = _end_of(atom, year)
        elif earlier is not None:
            year = earlier.year
            end = _end_of(atom, year)
        else:
            year = start_year
            end = _end_of(atom, year)
        atom.year, atom.end = year, end
        atom.year_source = "text" if (later or earlier) else "plan"


# --------------------------------------------------------------------------- explanations

_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _describe(atom: _Atom) -> str:
    if atom.kind == KIND_DATE:
        return f"ngày {atom.end:%d/%m/%Y}"
    if atom.kind == KIND_MONTH:
        return f"cuối tháng {atom.end:%m/%Y}"
    if atom.kind == KIND_QUARTER:
        label = f"cuối Quý {_ROMAN_OUT[max(atom.quarters)]}/{atom.year}"
        if len(atom.quarters) > 1:
            label += " (Quý " + ", ".join(_ROMAN_OUT[q] for q in atom.quarters) + ")"
        return label
    if atom.kind == KIND_RANGE:
        return f"giai đoạn {atom.start_year}-{atom.year}, hạn cuối năm {atom.year}"
    return f"cuối năm {atom.year}"


def _short(atom: _Atom) -> str:
    if atom.kind == KIND_DATE:
        return f"ngày {atom.end:%d/%m/%Y}"
    if atom.kind == KIND_MONTH:
        return f"tháng {atom.end:%m/%Y}"
    if atom.kind == KIND_QUARTER:
        return "Quý " + ", ".join(_ROMAN_OUT[q] for q in atom.quarters) + f"/{atom.year}"
    if atom.kind == KIND_RANGE:
        return f"{atom.start_year}-{atom.year}"
    return f"năm {atom.year}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- main entry


def _result(kind: str, explanation: str) -> ParsedDeadline:
    return ParsedDeadline(kind, None, (), False, explanation)


def parse_deadline(text: str, start_year: int, end_year: int) -> ParsedDeadline:
    """Read a deadline text of a plan covering ``start_year..end_year``. Never raises."""
    try:
        return _parse(text, start_year, end_year)
    except Exception:
        return _result(KIND_UNKNOWN, "Không đọc được thời gian")


def _parse(text: str, start_year: int, end_year: int) -> ParsedDeadline:
    if text is None:
        return _result(KIND_NONE, "Không ghi thời gian")
    if not isinstance(text, str):
        text = str(text)
    start_year, end_year = int(start_year), int(end_year)
    if start_year > end_year:
        start_year, end_year = end_year, start_year
    norm = _normalise(text)
    norm_stripped = norm.strip(" .;,:-+*")
    if not norm_stripped:
        return _result(KIND_NONE, "Không ghi thời gian")

    recurring = _RE_RECURRING.search(norm)
    try:
        explicit = _find_atoms(norm, bare_year_words=False)
    except _Invalid:
        return _result(KIND_UNKNOWN, "Ngày tháng không hợp lệ: " + norm_stripped)

    if recurring and (not explicit or recurring.start() < explicit[0].pos):
        return _result(KIND_RECURRING, "Thường xuyên/định kỳ: báo cáo theo từng kỳ, không có hạn")
    if not explicit:
        if _RE_ADHOC.search(norm):
            return _result(KIND_ADHOC, "Đột xuất: không có hạn cố định")
        if _RE_CONDITIONAL.search(norm):
            return _result(
                KIND_CONDITIONAL, "Phụ thuộc văn bản/kế hoạch khác: chưa có hạn, nhập tay khi có"
            )

    try:
        atoms = _find_atoms(norm, bare_year_words=True)
        if not atoms:
            return _result(KIND_UNKNOWN, "Không hiểu được thời gian")
        _resolve_years(atoms, start_year, end_year)
    except _Invalid:
        return _result(KIND_UNKNOWN, "Ngày tháng không hợp lệ: " + norm_stripped)

    ends = [a.end for a in atoms if a.end is not None]
    due = max(ends)
    final = max((a for a in atoms if a.end == due), key=lambda a: a.pos)
    sources = {a.year_source for a in atoms}
    out = any(
        not (start_year <= y <= end_year)
        for a in atoms
        for y in ((a.start_year, a.year) if a.kind == KIND_RANGE else (a.year,))
    )

    is_range = len(atoms) >= 2 and bool(
        _RE_FROM_TO.search(norm)
        or (
            len(atoms) == 2 and re.fullmatch(r"\s*(?:-|đến)\s*", norm[atoms[0].stop : atoms[1].pos])
        )
    )
    if is_range:
        first = min(atoms, key=lambda a: a.pos)
        kind = KIND_RANGE
        milestones: tuple[datetime.date, ...] = ()
        explanation = f"Từ {_short(first)} đến {_short(final)}: hạn {due:%d/%m/%Y}"
    else:
        kind = final.kind
        milestones = tuple(sorted({e for e in ends if e < due}))
        explanation = _cap(_describe(final))
        if milestones:
            earlier = sorted(
                (a for a in atoms if a.end is not None and a.end < due), key=lambda a: a.end
            )
            seen: list[str] = []
            for a in earlier:
                d = _describe(a)
                if d not in seen:
                    seen.append(d)
            explanation = "Mốc: " + "; ".join(seen) + f"; hạn: {_describe(final)}"
    if recurring and not is_range:
        # "Quý I năm 2020 ban hành Kế hoạch; định kỳ hàng năm báo cáo…": the dated step is a
        # milestone and the periodic work runs to the end of that year (docs/domain.md, "Deadlines":
        # "milestone then work"), so the task is not judged late after the first step.
        year_end = datetime.date(final.year, 12, 31)
        if year_end > due:
            milestones = tuple(sorted(set(milestones) | {due}))
            explanation = (
                "Mốc: " + _describe(final) + f"; sau đó thực hiện, báo cáo định kỳ đến hết năm "
                f"{final.year}"
            )
            due, kind = year_end, KIND_YEAR
    if "plan" in sources:
        explanation += " (năm lấy theo kế hoạch)"
    elif "text" in sources:
        explanation += " (năm suy từ văn bản)"
    if recurring and "định kỳ" not in explanation:
        explanation += "; báo cáo định kỳ"
    if out:
        period = str(start_year) if start_year == end_year else f"{start_year}-{end_year}"
        explanation += f" — ngoài thời kỳ kế hoạch {period}"
    return ParsedDeadline(kind, due, milestones, out, explanation)

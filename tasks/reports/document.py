"""The signed quarterly report as data: the Decree 30/2020/NĐ-CP frame, the narrative sections
and the consolidated numbers. The Word writer (`tasks.reports.docx`) and the Excel writer
(`tasks.reports.xlsx`) both render a `ReportDocument`; neither reads the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK_NUMBER = "…/BC-UBND"


@dataclass(frozen=True)
class Frame:
    """Everything around the body of a Decree 30 administrative document (Appendix I)."""

    parent_body: str  # upper line of the left header; may be abbreviated; "" for none
    issuing_body: tuple[str, ...]  # the issuing body in full, one line each (upper case)
    issuing_body_short: str  # as cited in an appendix title: "UBND huyện Thanh Oai"
    number: str  # "125/BC-UBND"; "" while not yet numbered
    place: str  # "Thanh Oai"
    date: datetime.date | None  # None while not yet dated
    subject: str  # trích yếu: "Kết quả thực hiện công tác cải cách hành chính 6 tháng năm 2022"
    recipients: tuple[str, ...] = ()  # Kính gửi
    distribution: tuple[str, ...] = ()  # Nơi nhận, each line as printed ("- Như trên;")
    signer_lines: tuple[str, ...] = ()  # ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    signer_name: str = ""
    year: int = 0  # the report's year, for the blank date line

    @property
    def number_line(self) -> str:
        return f"Số: {self.number or BLANK_NUMBER}"

    @property
    def place_date_line(self) -> str:
        """ "Thanh Oai, ngày 15 tháng 6 năm 2022" (days before 10 and months before 3 take a
        leading zero, as Decree 30 asks); blanks while undated."""
        if self.date is None:
            return f"{self.place}, ngày … tháng … năm {self.year or '…'}"
        day, month = self.date.day, self.date.month
        day_text = f"{day:02d}" if day < 10 else str(day)
        month_text = f"{month:02d}" if month < 3 else str(month)
        return f"{self.place}, ngày {day_text} tháng {month_text} năm {self.date.year}"

    @property
    def appendix_reference(self) -> str:
        """ "(Kèm theo Báo cáo số 125/BC-UBND ngày 15/6/2022 của UBND huyện Thanh Oai)" """
        number = self.number or BLANK_NUMBER
        day = f"{self.date:%d/%m/%Y}" if self.date else "…"
        return f"(Kèm theo Báo cáo số {number} ngày {day} của {self.issuing_body_short})"


@dataclass(frozen=True)
class Section:
    """One numbered part of the body: "I. Công tác chỉ đạo, điều hành", its text (plain; one
    paragraph per line) and its sub-sections ("1. Cải cách thể chế" …)."""

    numeral: str
    heading: str
    text: str = ""
    subsections: tuple[Section, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


@dataclass(frozen=True)
class ReportDocument:
    frame: Frame
    title: str  # "BÁO CÁO"
    sections: tuple[Section, ...]
    report: object  # tasks.reports.builder.ConsolidatedReport (the appendices' data)
    previous: object | None = None  # the previous period's report, for the comparison
    final: bool = False  # a finalised edition
    notes: tuple[str, ...] = field(default_factory=tuple)  # warnings printed on the draft

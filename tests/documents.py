"""Reading a generated document the way a person would: converted to PDF by headless
LibreOffice (installed by the test command, `make libreoffice`), then page by page.

`pdf_pages(content, suffix)` converts a .docx or .xlsx (bytes) and returns one `Page` per
printed page with its size in millimetres, its text and the sizes of its characters.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber

from tasks.reports.files import to_pdf

POINT_MM = 25.4 / 72


@dataclass
class Page:
    width_mm: float
    height_mm: float
    text: str
    sizes: list[float]  # the font size of every character, in points

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm

    @property
    def is_a4(self) -> bool:
        short, long = sorted((self.width_mm, self.height_mm))
        return abs(short - 210) < 2 and abs(long - 297) < 2

    def body_size(self) -> float:
        """The most common character size on the page: its body text."""
        if not self.sizes:
            return 0.0
        rounded = [round(s, 1) for s in self.sizes]
        return max(set(rounded), key=rounded.count)


def pdf_pages(content: bytes, suffix: str) -> list[Page]:
    pages = []
    with pdfplumber.open(io.BytesIO(to_pdf(content, suffix))) as pdf:  # the product's converter
        for page in pdf.pages:
            pages.append(
                Page(
                    width_mm=float(page.width) * POINT_MM,
                    height_mm=float(page.height) * POINT_MM,
                    text=page.extract_text() or "",
                    sizes=[float(c["size"]) for c in page.chars if c["text"].strip()],
                )
            )
    return pages

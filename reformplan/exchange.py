"""Spreadsheet formats for django-import-export that never carry a formula to the reader.

The library's own `IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT` only strips a leading "=" (and turns
every value into text); Excel also evaluates cells starting with "+", "-" and "@" (CSV
injection, OWASP). These formats keep real numbers and dates as numbers and dates, and write
every text as text:

- `SafeXLSX`: text becomes a string cell marked quote-prefixed (Excel keeps it as text even
  after the reader edits the cell); dates get a dd/mm/yyyy format; numbers stay numbers.
- `SafeCSV`: UTF-8 with a BOM (Excel opens Vietnamese correctly); a text starting with "=", "+",
  "-", "@", a tab or a carriage return is prefixed with an apostrophe.

Admin classes use them through `export_formats = EXPORT_FORMATS`.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@")
CSV_UNSAFE_STARTS = (*FORMULA_STARTS, "\t", "\r")


def write_text_cell(cell, value) -> None:
    """Write `value` into an openpyxl cell as text: never a formula, never an error code."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def write_value_cell(cell, value) -> None:
    """Numbers and dates as themselves, booleans as "Có"/"Không", the rest as safe text."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        write_text_cell(cell, "Có" if value else "Không")
    elif isinstance(value, datetime.datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "dd/mm/yyyy hh:mm"
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = "dd/mm/yyyy"
    elif isinstance(value, int | float | Decimal):
        cell.value = value
    else:
        write_text_cell(cell, value)


def csv_safe(value):
    if isinstance(value, str) and value.startswith(CSV_UNSAFE_STARTS):
        return "'" + value
    return value


class SafeXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        ws = workbook.active
        ws.title = (dataset.title or "Dữ liệu")[:31]
        for column, header in enumerate(dataset.headers or [], start=1):
            cell = ws.cell(row=1, column=column)
            write_text_cell(cell, header)
            cell.font = Font(bold=True)
        for row_number, row in enumerate(dataset, start=2):
            for column, value in enumerate(row, start=1):
                write_value_cell(ws.cell(row=row_number, column=column), value)
        ws.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([csv_safe(h) for h in dataset.headers or []])
        for row in dataset:
            writer.writerow(
                [
                    "" if v is None else csv_safe(v.isoformat() if hasattr(v, "isoformat") else v)
                    for v in row
                ]
            )
        return "\ufeff" + buffer.getvalue()


EXPORT_FORMATS = [SafeXLSX, SafeCSV]

"""A plan's task list as a spreadsheet: the template, reading an upload, the preview, the import.

District offices keep drafting appendices in Excel, so the task list goes both ways through one
sheet layout (`COLUMNS`): `plan_workbook` writes it (empty template or a loaded plan), and
`import_plan_file` reads an .xlsx or .csv back into a plan. The admin (`admin_view`) and
`manage.py import_plan` both go through `build_preview` and `apply_preview`, so they report
the same summary, errors and warnings.

Modules: `columns` (the layout), `template` (writing), `reading` (an upload into rows, with the
size limits checked before parsing), `preview` and `checking` (validation and the diff against
the plan), `apply` (writing, entry points), `uploads` (uploads kept between preview and
confirm), `admin_view` (the admin pages).

The sheet
---------
One header row (row 1), then one row per line of the appendix. A row whose STT is a Roman
numeral (I, II…) is an **area heading**: its "Nhiệm vụ" cell is the area's heading and it sets
the area of the rows below it. In a plan whose areas are numbered 1, 2… (Sơn Tây, Tuy Phước)
there is no Roman numeral anywhere in the file, and then a bare number ("1" or "1.") is the
heading; tasks of such plans are lettered ("a") or dotted ("1.1"). Any other row is a task.

Task identity
-------------
A task is identified within its plan by (area numeral, display code, occurrence): the STT shows
the display code (`Task.display_code`: "1.b", "1.3.1", "17." for the unnumbered sub-row of 17)
and the parent is derived from it — "1.b" is "b" under the nearest earlier task "1" of the area,
"1.3.1" stays "1.3.1" under "1.3", "17." is the unnumbered row under "17". A second upload of
the same rows therefore updates instead of duplicating. Two rows with the same STT in one area
are an error ("Số thứ tự trùng"), unless the later one is written with a trailing "*" ("2*"):
the source itself numbers twice (Thăng Bình area III has two tasks "2"), and such repeats are
matched by their position among equal codes. The export writes that "*", so the round trip
holds.

Tasks of the plan that the file does not contain are reported, never deleted: a task may carry
progress reports, and an upload of one area's rows must not wipe the others. Deleting a task is
an explicit act in the admin.

Validation collects every problem with its row number and column name, in Vietnamese; a file
with any error writes nothing. Unknown agencies are errors naming the closest known ones;
deadlines the parser does not understand are imported, with a warning.
"""

from tasks.spreadsheet.apply import (
    apply_preview,
    changed_since,
    import_plan_file,
    limit_messages,
    preview_file,
)
from tasks.spreadsheet.checking import build_preview, split_agencies
from tasks.spreadsheet.columns import (
    COLUMNS,
    GUIDE_TITLE,
    MAX_COLUMNS,
    MAX_ROWS,
    SHEET_TITLE,
    XLSX_CONTENT_TYPE,
    SpreadsheetError,
)
from tasks.spreadsheet.preview import Preview
from tasks.spreadsheet.reading import read_sheet
from tasks.spreadsheet.template import plan_workbook, sheet_rows, template_filename

__all__ = [
    "COLUMNS",
    "GUIDE_TITLE",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "SHEET_TITLE",
    "XLSX_CONTENT_TYPE",
    "Preview",
    "SpreadsheetError",
    "apply_preview",
    "build_preview",
    "changed_since",
    "import_plan_file",
    "limit_messages",
    "plan_workbook",
    "preview_file",
    "read_sheet",
    "sheet_rows",
    "split_agencies",
    "template_filename",
]

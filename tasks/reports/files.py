"""The report's downloadable files and small view helpers: which formats are offered, how a
file is produced (stored at finalisation, or rendered from the live data) and named."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.http import Http404
from django.utils import timezone

from plans.models import Plan
from plans.periods import Period
from tasks.reports import editions
from tasks.reports.docx import render_docx
from tasks.reports.models import ReportEdition
from tasks.reports.xlsx import render_xlsx

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
LABELS = {"docx": "Tải Word (.docx)", "xlsx": "Tải Excel phụ lục (.xlsx)", "pdf": "Tải PDF"}


def soffice() -> str | None:
    """LibreOffice's command, where installed on the server (PDF downloads need it)."""
    return shutil.which("soffice")


def filename(plan: Plan, period: Period, fmt: str) -> str:
    """ "bao-cao-cchc-thanh-oai-2022-2022-Q2.docx" """
    return f"bao-cao-cchc-{plan.slug}-{period.slug}.{fmt}"


def download_links(plan: Plan, period: Period, edition: ReportEdition | None) -> list[dict]:
    formats = ["docx", "xlsx"]
    if edition is not None and edition.is_final and soffice():
        formats.append("pdf")
    return [
        {"fmt": f, "label": LABELS[f], "href": f"/reports/{plan.slug}/{period.slug}.{f}"}
        for f in formats
    ]


def to_pdf(content: bytes, suffix: str = ".docx") -> bytes:
    """A .docx or .xlsx converted to PDF by headless LibreOffice, with a throwaway profile."""
    command = soffice()
    if command is None:
        raise Http404("Máy chủ chưa cài LibreOffice nên không tạo được tệp PDF.")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"bao-cao{suffix}"
        source.write_bytes(content)
        subprocess.run(  # noqa: S603 — fixed arguments, a file we wrote
            [
                command,
                f"-env:UserInstallation=file://{Path(folder) / 'profile'}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": folder},
        )
        return (Path(folder) / "bao-cao.pdf").read_bytes()


def report_file(
    plan: Plan, period: Period, edition: ReportEdition | None, fmt: str
) -> tuple[bytes, str]:
    """The file's bytes and content type. A finalised edition gives back the files stored when
    it was finalised; otherwise the document is rendered from the live data."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    final = edition is not None and edition.is_final
    if fmt == "pdf":
        if not final:
            raise Http404("Chỉ tải được PDF của báo cáo đã chốt.")
        return to_pdf(bytes(edition.docx_file)), CONTENT_TYPES[fmt]
    if final:
        stored = edition.docx_file if fmt == "docx" else edition.xlsx_file
        return bytes(stored), CONTENT_TYPES[fmt]
    # Only the workbook compares with the previous period.
    document = editions.document_for(plan, period, edition, with_previous=fmt == "xlsx")
    render = render_docx if fmt == "docx" else render_xlsx
    return render(document), CONTENT_TYPES[fmt]


def stale_message(current: ReportEdition) -> str:
    when = timezone.localtime(current.updated_at)
    return (
        f"Bản báo cáo vừa được người khác cập nhật lúc {when:%H:%M %d/%m/%Y}. Nội dung bạn nhập "
        "vẫn được giữ bên dưới; hãy xem lại rồi bấm Lưu lần nữa nếu vẫn muốn ghi đè."
    )


def attach_errors(form, error) -> None:
    """Put a service's ValidationError on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)

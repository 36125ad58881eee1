from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.periods import Period
from tasks.reports.files import report_file
from tasks.reports.models import ReportEdition

FORMATS = {".xlsx": "xlsx", ".docx": "docx"}


class Command(BaseCommand):
    help = (
        "Xuất báo cáo kết quả thực hiện công tác CCHC của một kỳ ra tệp Word (.docx) hoặc Excel "
        "(.xlsx) theo đuôi tệp — cùng nội dung với tệp tải từ trang báo cáo (báo cáo đã chốt: "
        "đúng tệp lưu lúc chốt)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Mã kế hoạch, ví dụ thanh-oai-2022")
        parser.add_argument("period", help="Kỳ báo cáo dạng <năm>-Q<quý>, ví dụ 2022-Q2")
        parser.add_argument("-o", "--output", required=True, help="Tệp .docx hoặc .xlsx cần ghi")

    def handle(self, *args, slug, period, output, **options):
        fmt = FORMATS.get(Path(output).suffix.lower())
        if fmt is None:
            raise CommandError(f"Tệp “{output}” cần có đuôi .docx (Word) hoặc .xlsx (Excel).")
        plan = Plan.objects.select_related("unit__parent").filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch “{slug}”.")
        parsed = Period.parse(period)
        if parsed is None:
            raise CommandError(
                f"Kỳ báo cáo “{period}” không hợp lệ: cần dạng <năm>-Q<quý>, ví dụ 2022-Q2."
            )
        if parsed.year not in plan.years:
            raise CommandError(
                f"Kỳ báo cáo {parsed.label} nằm ngoài thời gian của kế hoạch ({plan.period_label})."
            )
        edition = ReportEdition.objects.filter(
            plan=plan, year=parsed.year, quarter=parsed.quarter
        ).first()
        content, _ = report_file(plan, parsed, edition, fmt)
        Path(output).write_bytes(content)
        state = "đã chốt" if edition is not None and edition.is_final else "dự thảo"
        self.stdout.write(
            f"Đã ghi {output}: báo cáo {parsed.cumulative_label} của {plan.slug} ({state})."
        )

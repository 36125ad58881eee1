from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.periods import Period
from tasks.exports import consolidated_xlsx


class Command(BaseCommand):
    help = (
        "Xuất báo cáo tổng hợp kết quả thực hiện kế hoạch CCHC của một kỳ ra tệp Excel "
        "(cùng nội dung với tệp tải từ trang báo cáo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Mã kế hoạch, ví dụ thanh-oai-2022")
        parser.add_argument("period", help="Kỳ báo cáo dạng <năm>-Q<quý>, ví dụ 2022-Q2")
        parser.add_argument("-o", "--output", required=True, help="Tệp .xlsx cần ghi")

    def handle(self, *args, slug, period, output, **options):
        plan = Plan.objects.select_related("district").filter(slug=slug).first()
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
        Path(output).write_bytes(consolidated_xlsx(plan, parsed))
        self.stdout.write(f"Đã ghi {output}: báo cáo {parsed.cumulative_label} của {plan.slug}.")

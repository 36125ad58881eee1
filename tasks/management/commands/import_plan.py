"""`manage.py import_plan <plan-slug> FILE [--dry-run]`: load a task list from .xlsx or .csv."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from tasks.spreadsheet import import_plan_file


class Command(BaseCommand):
    help = (
        "Nhập danh mục nhiệm vụ của một kế hoạch từ tệp .xlsx/.csv theo mẫu (xem README). "
        "Cùng kiểm tra và tóm tắt như trang quản trị; có lỗi thì không ghi gì và trả mã lỗi."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", help="mã kế hoạch (slug), ví dụ thanh-oai-2022")
        parser.add_argument("file", help="tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ kiểm tra và liệt kê thay đổi, không ghi"
        )

    def handle(self, *args, **options):
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch “{options['plan']}”.")
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}.") from exc
        preview = import_plan_file(plan, content, path.name, dry_run=options["dry_run"])
        for line in preview.report_lines():
            self.stdout.write(line)
        if preview.has_errors:
            raise CommandError(f"Tệp có {len(preview.errors)} lỗi: không ghi gì.")
        if options["dry_run"]:
            self.stdout.write("Chạy thử (--dry-run): không ghi gì.")
        else:
            self.stdout.write(self.style.SUCCESS("Đã nhập xong."))

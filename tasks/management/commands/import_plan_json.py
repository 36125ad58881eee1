import json

from django.core.management.base import BaseCommand, CommandError

from tasks.interchange import PlanDocumentError, import_plan_document


class Command(BaseCommand):
    help = "Nạp một kế hoạch từ tệp JSON do export_plan tạo ra (tạo mới hoặc cập nhật)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp JSON")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as fh:
                data = json.load(fh)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"Tệp {file} không phải JSON hợp lệ: {exc}.") from None
        try:
            result = import_plan_document(data)
        except PlanDocumentError as exc:
            raise CommandError(
                "Tệp có lỗi, không có gì được ghi:\n  " + "\n  ".join(exc.messages)
            ) from None
        self.stdout.write(
            f"{'Đã tạo' if result.created else 'Đã cập nhật'} kế hoạch {result.plan.slug} "
            f"({result.counts['tasks']} nhiệm vụ, {result.counts['indicators']} chỉ tiêu)."
        )

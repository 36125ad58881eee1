"""`manage.py cleanup_imports [--hours N]`: delete uploads kept for an import that was never
confirmed (tasks.spreadsheet.uploads). Run hourly from cron."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from tasks.spreadsheet.uploads import UPLOAD_MAX_AGE, cleanup_expired


class Command(BaseCommand):
    help = (
        "Xoá các tệp tải lên để nhập (danh mục nhiệm vụ, kết quả chỉ tiêu) đã xem trước nhưng "
        "không được xác nhận, cũ hơn số giờ cho trước. Dùng cho cron chạy mỗi giờ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=UPLOAD_MAX_AGE.total_seconds() / 3600,
            help="Xoá tệp cũ hơn số giờ này (mặc định: 2; phiên xem trước có hiệu lực 1 giờ)",
        )

    def handle(self, *args, **options):
        if options["hours"] < 1:
            raise CommandError("--hours phải từ 1 trở lên: phiên xem trước có hiệu lực 1 giờ.")
        deleted = cleanup_expired(datetime.timedelta(hours=options["hours"]))
        self.stdout.write(f"Đã xoá {deleted} tệp tải lên quá hạn.")

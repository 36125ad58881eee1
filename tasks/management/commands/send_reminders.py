import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tasks.progress.reminders import DRY_RUN, FAILED, build_digests, send_digests

LOST_MAIL_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)


def parse_day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"Ngày “{text}” không hợp lệ: cần ghi theo dạng YYYY-MM-DD, ví dụ 2026-11-22."
        ) from None


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc hằng ngày cho lãnh đạo các cơ quan: nhiệm vụ quá hạn, nhiệm vụ đến "
        "hạn trong 14 ngày, báo cáo quý sắp đến hạn hoặc còn thiếu. Mỗi người nhận tối đa một "
        "thư mỗi ngày; không có gì cần nhắc thì không gửi. Dùng cho cron chạy mỗi sáng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày nhắc việc, dạng YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chạy thử: in ra nội dung sẽ gửi, không gửi thư, không ghi nhật ký",
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        today = parse_day(date) if date else timezone.localdate()
        if not dry_run and not settings.DEBUG and settings.EMAIL_BACKEND in LOST_MAIL_BACKENDS:
            # These backends would record reminders as sent that nobody received (the tests'
            # in-memory outbox is not among them).
            raise CommandError(
                "Chưa cấu hình máy chủ thư (DJANGO_EMAIL_BACKEND, DJANGO_EMAIL_HOST…): không "
                "gửi thư nhắc việc. Xem docs/deployment.md; dùng --dry-run để xem nội dung."
            )
        digests = build_digests(today)
        results = send_digests(digests, today=today, dry_run=dry_run)
        for result in results:
            if result.outcome == DRY_RUN:
                digest = result.digest
                self.stdout.write(f"--- Tới: {digest.user.email}\nTiêu đề: {digest.subject}\n")
                self.stdout.write(digest.body)
                self.stdout.write("")
        self.stdout.write(f"Nhắc việc ngày {today:%d/%m/%Y}: {len(results)} thư.")
        if not results:
            self.stdout.write("Không có nội dung cần nhắc.")
            return
        rows = [("Người dùng", "Email", "Số mục", "Kết quả")] + [
            (
                r.digest.user.username,
                r.digest.user.email or "—",
                str(r.digest.items),
                r.label,
            )
            for r in results
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]))
        failed = [r for r in results if r.outcome == FAILED]
        for result in failed:
            self.stderr.write(f"Không gửi được cho {result.digest.user.email}: {result.error}")
        if failed:
            # After everyone was tried: a non-zero exit tells cron that some were not sent.
            raise CommandError(
                f"{len(failed)}/{len(results)} thư nhắc việc không gửi được; "
                "lần chạy sau sẽ gửi lại."
            )

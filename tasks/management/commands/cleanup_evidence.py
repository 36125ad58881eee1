from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tasks.progress.evidence import MIN_AGE, cleanup_evidence


class Command(BaseCommand):
    help = (
        "Xoá các tệp minh chứng không còn báo cáo nào (kể cả lịch sử báo cáo) tham chiếu tới: "
        "tệp đã bị thay thế hoặc xoá. Không bao giờ xoá tệp còn được tham chiếu, cũng không xoá "
        f"tệp mới tải lên trong vòng {MIN_AGE.total_seconds() / 3600:.0f} giờ. Dùng cho cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chạy thử: chỉ liệt kê các tệp sẽ bị xoá, không xoá gì",
        )

    def handle(self, *args, dry_run=False, **options):
        result = cleanup_evidence(dry_run=dry_run, now=timezone.now())
        verb = "Sẽ xoá" if dry_run else "Đã xoá"
        for name in result.removed:
            if name not in result.failed:
                self.stdout.write(f"{verb}: {name}")
        self.stdout.write(
            f"Tệp minh chứng: {result.stored} tệp, {result.referenced} tệp còn được tham chiếu, "
            f"{result.recent} tệp mới (giữ lại), "
            f"{verb.lower()} {len(result.removed) - len(result.failed)} tệp."
        )
        if result.failed:
            raise CommandError(
                f"Không xoá được {len(result.failed)} tệp: {', '.join(result.failed)}."
            )

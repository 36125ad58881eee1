from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.backups import BackupError, create_backup, default_archive_name, describe, prune_archives


class Command(BaseCommand):
    """Back up the database and the evidence files into one dated archive (plans/backups.py:
    django-dbbackup dumps, this adds the manifest). Format, cron line, retention and the
    restore drill: docs/backup.md."""

    help = (
        "Sao lưu cơ sở dữ liệu và các tệp minh chứng vào một tệp reformplan-backup-"
        "YYYYmmdd-HHMMSS.tar.gz (kèm bản kê manifest.json). Khôi phục bằng lệnh restore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help=(
                "Tệp .tar.gz cần ghi, hoặc thư mục có sẵn để ghi tệp có ngày giờ trong tên "
                "(mặc định: thư mục hiện tại)."
            ),
        )
        parser.add_argument(
            "--keep",
            type=int,
            help=(
                "Giữ N bản sao lưu mới nhất trong thư mục đích, xóa các bản "
                "reformplan-backup-*.tar.gz cũ hơn."
            ),
        )

    def handle(self, *args, output, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep phải từ 1 trở lên (số bản sao lưu được giữ lại).")
        path = self._target(output)
        try:
            manifest = create_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã sao lưu vào {path}: {describe(manifest)}.")
        if keep is not None:
            for removed in prune_archives(path.parent, keep, protect=path):
                self.stdout.write(f"Đã xóa bản sao lưu cũ {removed}.")

    def _target(self, output: str | None) -> Path:
        path = Path(output or ".")
        if path.is_dir():
            return path / default_archive_name()
        if not path.parent.is_dir():
            raise CommandError(f"Không có thư mục {path.parent} để ghi bản sao lưu.")
        if not path.name.endswith(".tar.gz"):
            raise CommandError(f"Tệp sao lưu “{output}” cần có đuôi .tar.gz.")
        return path

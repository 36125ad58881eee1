import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from plans.backups import (
    BackupError,
    backup_date,
    check_compatible,
    describe,
    pending_migrations,
    read_archive,
    restore_archive,
    vendor_name,
    verify_restored,
)


class Command(BaseCommand):
    """Restore an archive written by `backup` (plans/backups.py).

    Checks the whole archive first (checksums of its parts and of every evidence file, database
    vendor, migrations) and changes nothing when a check fails; asks for confirmation unless
    --noinput; puts the evidence files back, then replaces the database in one step; then
    counts the rows of every model and hashes every evidence file against the manifest and
    fails (non-zero exit) on any difference. Stop the app servers first (docs/backup.md)."""

    help = (
        "Khôi phục cơ sở dữ liệu và các tệp minh chứng từ một tệp do lệnh backup tạo ra, rồi "
        "kiểm tra lại số dòng và nội dung tệp so với bản kê của bản sao lưu."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp reformplan-backup-….tar.gz")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Không hỏi xác nhận (dùng trong kịch bản tự động).",
        )

    def handle(self, *args, archive, interactive, **options):
        with tempfile.TemporaryDirectory(prefix="reformplan-restore-") as tmp:
            try:
                manifest = read_archive(Path(archive), Path(tmp))
                check_compatible(manifest)
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            if interactive and not self._confirmed(manifest):
                self.stdout.write("Đã hủy: không thay đổi gì.")
                return
            try:
                restore_archive(manifest, Path(tmp))
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
        problems = verify_restored(manifest)
        if problems:
            raise CommandError(
                "Đã khôi phục nhưng dữ liệu không khớp bản kê của bản sao lưu:\n- "
                + "\n- ".join(problems)
            )
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {backup_date(manifest)}: {describe(manifest)}; "
            "số dòng và nội dung tệp khớp bản kê."
        )
        if pending := pending_migrations():
            self.stdout.write(
                f"Cơ sở dữ liệu vừa khôi phục còn {pending} migration chưa chạy của phiên bản "
                "này: hãy chạy python manage.py migrate."
            )

    def _confirmed(self, manifest: dict) -> bool:
        connection = connections[DEFAULT_DB_ALIAS]
        answer = input(
            f"Khôi phục sẽ thay toàn bộ dữ liệu của cơ sở dữ liệu "
            f"{vendor_name(connection.vendor)} “{connection.settings_dict['NAME']}” bằng bản "
            f"sao lưu lúc {backup_date(manifest)} ({describe(manifest)}) và ghi lại các tệp "
            "minh chứng; mọi thay đổi sau thời điểm sao lưu sẽ mất.\n"
            "Nhập 'yes' để tiếp tục: "
        )
        return answer.strip().lower() == "yes"

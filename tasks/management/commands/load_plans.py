import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tasks.interchange import PlanDocumentError, import_plan_document

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


def fixture_paths(slugs: list[str]):
    available = {path.stem: path for path in sorted(FIXTURES_DIR.glob("*.json"))}
    unknown = [slug for slug in slugs if slug not in available]
    if unknown:
        raise CommandError(
            f"Không có kế hoạch mẫu: {', '.join(unknown)}. Có: {', '.join(available)}."
        )
    return [available[slug] for slug in slugs] if slugs else list(available.values())


class Command(BaseCommand):
    help = (
        "Nạp (hoặc cập nhật) các kế hoạch mẫu trong thư mục fixtures/. "
        "Chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slugs", nargs="*", help="Mã kế hoạch, ví dụ thanh-oai-2022 (mặc định: tất cả)"
        )

    def handle(self, *args, slugs, **options):
        for path in fixture_paths(slugs):
            data = json.loads(path.read_text(encoding="utf-8"))
            try:
                result = import_plan_document(data)
            except PlanDocumentError as exc:
                raise CommandError(f"{path.name}:\n  " + "\n  ".join(exc.messages)) from None
            counts = result.counts
            self.stdout.write(
                f"{'Đã tạo' if result.created else 'Đã cập nhật'} {result.plan.slug}: "
                f"{counts['areas']} lĩnh vực, {counts['tasks']} nhiệm vụ, "
                f"{counts['assignments']} phân công, {counts['indicators']} chỉ tiêu."
            )

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tasks.interchange import import_plan_document

FIXTURES_DIR = settings.BASE_DIR / "fixtures"
# Fictional plans of a commune and a province (two-level local government since 1 July 2025),
# labelled "VÍ DỤ MINH HỌA": loaded only when asked for (--samples or by slug).
SAMPLES_DIR = FIXTURES_DIR / "samples"


def _available(directory) -> dict:
    return {path.stem: path for path in sorted(directory.glob("*.json"))}


def fixture_paths(slugs: list[str], *, samples: bool = False):
    """The documents to load: the named plans (seeds or samples), else every seed; and with
    `samples` every sample as well."""
    seeds, examples = _available(FIXTURES_DIR), _available(SAMPLES_DIR)
    available = {**seeds, **examples}
    unknown = [slug for slug in slugs if slug not in available]
    if unknown:
        raise CommandError(
            f"Không có kế hoạch mẫu: {', '.join(unknown)}. Có: {', '.join(seeds)}; "
            f"ví dụ minh họa (--samples): {', '.join(examples)}."
        )
    paths = [available[slug] for slug in slugs] if slugs else list(seeds.values())
    if samples:
        paths += [path for path in examples.values() if path not in paths]
    return paths


class Command(BaseCommand):
    help = (
        "Nạp (hoặc cập nhật) các kế hoạch mẫu trong thư mục fixtures/; với --samples nạp thêm "
        "các kế hoạch ví dụ minh họa của cấp xã, cấp tỉnh (fixtures/samples/). "
        "Chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "slugs", nargs="*", help="Mã kế hoạch, ví dụ thanh-oai-2022 (mặc định: tất cả)"
        )
        parser.add_argument(
            "--samples",
            action="store_true",
            help="Nạp thêm các kế hoạch ví dụ minh họa (không phải văn bản thật) của một xã "
            "và một tỉnh, trong fixtures/samples/.",
        )

    def handle(self, *args, slugs, samples=False, **options):
        for path in fixture_paths(slugs, samples=samples):
            data = json.loads(path.read_text(encoding="utf-8"))
            try:
                result = import_plan_document(data)
            except ValidationError as exc:  # PlanDocumentError, or a model rule (Plan.clean)
                raise CommandError(f"{path.name}:\n  " + "\n  ".join(exc.messages)) from None
            counts = result.counts
            self.stdout.write(
                f"{'Đã tạo' if result.created else 'Đã cập nhật'} {result.plan.slug}: "
                f"{counts['areas']} lĩnh vực, {counts['tasks']} nhiệm vụ, "
                f"{counts['assignments']} phân công, {counts['indicators']} chỉ tiêu."
            )

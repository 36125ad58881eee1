import json
from itertools import groupby

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from tasks.quality import plan_findings


class Command(BaseCommand):
    help = (
        "Liệt kê các vấn đề dữ liệu của một kế hoạch (không thay đổi dữ liệu); các vấn đề lặp "
        "lại được gộp thành một dòng có số lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Mã kế hoạch, ví dụ cat-hai-2023")
        parser.add_argument(
            "--json",
            action="store_true",
            help="In danh sách vấn đề dạng JSON (kind, refs, count, values…) để máy đọc.",
        )

    def handle(self, *args, slug, json=False, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch “{slug}”.")
        findings = plan_findings(plan)
        if json:
            self._write_json(plan, findings)
            return
        occurrences = sum(f.count for f in findings)
        self.stdout.write(
            f"{plan.title} ({plan.period_label}): {len(findings)} vấn đề"
            + (f" ({occurrences} lần xuất hiện)" if occurrences != len(findings) else "")
        )
        for label, group in groupby(findings, key=lambda f: f.label):
            group = list(group)
            self.stdout.write(f"\n{label} ({len(group)}):")
            for finding in group:
                ref = f"[{finding.ref}] " if finding.ref else ""
                self.stdout.write(f"  - {ref}{finding.text}")

    def _write_json(self, plan, findings):
        document = {"plan": plan.slug, "findings": [f.as_dict() for f in findings]}
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))

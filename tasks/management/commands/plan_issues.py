from itertools import groupby

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from tasks.quality import plan_findings


class Command(BaseCommand):
    help = "Liệt kê các vấn đề dữ liệu của một kế hoạch (không thay đổi dữ liệu)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Mã kế hoạch, ví dụ cat-hai-2023")

    def handle(self, *args, slug, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch “{slug}”.")
        findings = plan_findings(plan)
        self.stdout.write(f"{plan.title} ({plan.period_label}): {len(findings)} vấn đề")
        for label, group in groupby(findings, key=lambda f: f.label):
            group = list(group)
            self.stdout.write(f"\n{label} ({len(group)}):")
            for finding in group:
                ref = f"[{finding.ref}] " if finding.ref else ""
                self.stdout.write(f"  - {ref}{finding.message}")

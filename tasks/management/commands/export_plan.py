import json

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from tasks.interchange import export_plan_document


class Command(BaseCommand):
    help = "In một kế hoạch ra dạng JSON (định dạng trao đổi, xem docs/plan-json.md)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Mã kế hoạch, ví dụ thanh-oai-2022")
        parser.add_argument("-o", "--output", help="Ghi ra tệp thay vì in ra màn hình")

    def handle(self, *args, slug, output=None, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"Không có kế hoạch “{slug}”.")
        text = json.dumps(export_plan_document(plan), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            self.stdout.write(text, ending="")

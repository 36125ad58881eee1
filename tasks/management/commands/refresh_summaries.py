"""Compute and store the dashboards' plan summaries ahead of the first visitor.

The province dashboard and the national home store each plan's numbers when they first show
them (tasks.reports.summaries); a plan whose data changed is recomputed on the next visit, one
plan at a time. After a deployment, a restore or a bulk load nothing is stored yet and the first
visit to the national home would classify every plan of a page of provinces: run this from cron
(e.g. at 01:00 every night, and once after each deployment) to do it beforehand.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from plans.models import AdministrativeUnit, Plan, UnitLevel
from plans.periods import Period
from tasks.reports.summaries import plan_summaries


class Command(BaseCommand):
    help = (
        "Tính sẵn và lưu số liệu tổng hợp của các kế hoạch cho bảng theo dõi của Sở Nội vụ và "
        "trang toàn quốc (mặc định: quý hiện tại; chỉ tính lại kế hoạch có dữ liệu thay đổi)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            action="append",
            default=[],
            help="Kỳ dạng <năm>-Q<quý>, ví dụ 2026-Q2 (có thể nhắc lại); mặc định quý hiện tại",
        )

    def handle(self, *args, period, **options):
        periods = []
        for slug in period:
            parsed = Period.parse(slug)
            if parsed is None:
                raise CommandError(
                    f"Kỳ báo cáo “{slug}” không hợp lệ: cần dạng <năm>-Q<quý>, ví dụ 2026-Q2."
                )
            periods.append(parsed)
        periods = periods or [Period.containing(timezone.localdate())]
        provinces = list(
            AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).values_list("pk", flat=True)
        )
        for chosen in periods:
            covering = Plan.objects.filter(start_year__lte=chosen.year, end_year__gte=chosen.year)
            batches = [covering.filter(Q(unit_id=pk) | Q(unit__parent_id=pk)) for pk in provinces]
            batches.append(
                covering.exclude(unit__level=UnitLevel.PROVINCE).filter(unit__parent__isnull=True)
            )
            total = 0
            for batch in batches:
                total += len(plan_summaries(list(batch.select_related("unit")), chosen))
            self.stdout.write(f"{chosen.label}: đã có số liệu tổng hợp của {total} kế hoạch.")

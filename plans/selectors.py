"""Reads shared by views, reports and exports of plans."""

from django.db.models import Count, QuerySet

from plans.models import Plan


def plan_list_with_counts() -> QuerySet[Plan]:
    """Plans with their district and the number of tasks, areas and targets, in one query."""
    return (
        Plan.objects.select_related("district")
        .annotate(
            task_count=Count("tasks", distinct=True),
            area_count=Count("areas", distinct=True),
            indicator_count=Count("indicators", distinct=True),
        )
        .order_by("district__name", "-start_year", "slug")
    )

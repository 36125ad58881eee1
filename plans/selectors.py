"""Reads shared by views, reports and exports of plans."""

from django.db.models import Count, QuerySet

from plans.models import Plan


def plan_list_with_counts() -> QuerySet[Plan]:
    """Plans with their district and the number of tasks, areas and targets, in one query."""
    return (
        Plan.objects.select_related("unit__parent")
        .annotate(
            task_count=Count("tasks", distinct=True),
            area_count=Count("areas", distinct=True),
            indicator_count=Count("indicators", distinct=True),
        )
        .order_by("unit__name", "-start_year", "slug")
    )


def interior_office_name(unit_id: int) -> str:
    """The name of the district's Interior Office as the plans write it (Cát Hải's is merged:
    "Phòng Nội vụ, Lao động - Thương binh và Xã hội"); "Phòng Nội vụ" when none is known."""
    import unicodedata

    from plans.models import Agency

    names = Agency.objects.filter(unit_id=unit_id, name__icontains="Nội vụ").values_list(
        "name", flat=True
    )
    matches = sorted(
        n for n in names if unicodedata.normalize("NFC", n).casefold().startswith("phòng nội vụ")
    )
    return matches[0] if matches else "Phòng Nội vụ"

from itertools import groupby

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import get_object_or_404, render

from plans.models import Plan
from tasks.quality import plan_findings


@staff_member_required
def plan_quality(request, slug):
    plan = get_object_or_404(Plan.objects.select_related("district"), slug=slug)
    findings = plan_findings(plan)
    groups = [(label, list(items)) for label, items in groupby(findings, key=lambda f: f.label)]
    return render(
        request,
        "tasks/plan_quality.html",
        {"plan": plan, "groups": groups, "total": len(findings)},
    )

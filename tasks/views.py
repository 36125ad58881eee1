from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from plans.access import (
    can_read_unit,
    plan_for_reader,
)
from plans.models import Plan
from tasks.history import task_history
from tasks.models import Task
from tasks.quality import plan_findings


@login_required
def plan_quality(request, slug):
    """What the Interior Office should review in a plan; for readers of its district."""
    plan = plan_for_reader(
        request.user, Plan.objects.select_related("unit__parent").filter(slug=slug).first()
    )
    findings = plan_findings(plan)
    groups = [(label, list(items)) for label, items in groupby(findings, key=lambda f: f.label)]
    return render(
        request,
        "tasks/plan_quality.html",
        {"plan": plan, "groups": groups, "total": len(findings)},
    )


@login_required
def task_history_page(request, task_id):
    """Who changed what and why on a task, its agencies and its reports: for the Interior
    Office and the leaders of the task's district (anyone else: 404)."""
    task = get_object_or_404(
        Task.objects.select_related("plan", "plan__unit", "area", "parent"), pk=task_id
    )
    if not can_read_unit(request.user, task.plan.unit_id):
        raise Http404
    return render(request, "tasks/task_history.html", {"task": task, "rows": task_history(task)})

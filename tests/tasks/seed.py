"""Helpers shared by the per-plan seed tests (test_seed_<slug>.py)."""

import io

from django.core.management import call_command

from plans.models import Plan


def load_seed_plan(slug: str) -> Plan:
    """Load one of the five plans through `load_plans`, as a newcomer would."""
    call_command("load_plans", slug, stdout=io.StringIO())
    return Plan.objects.get(slug=slug)


def assigned_names(task, role) -> list[str]:
    """The canonical names of the task's agencies in `role`, in the order the plan names them."""
    return [
        a.agency.name
        for a in task.assignments.filter(role=role).order_by("order").select_related("agency")
    ]


def find_task(plan, numeral, code, parent=None):
    """The task with `code` in area `numeral`: top-level, or under the task coded `parent`."""
    from tasks.models import Task

    tasks = Task.objects.select_related("parent").filter(
        plan=plan, area__numeral=numeral, code=code
    )
    if parent is None:
        return tasks.get(parent__isnull=True)
    return tasks.get(parent__code=parent)


def deadline_of(task) -> tuple:
    """(text as written, parsed due date, deadline kind)."""
    return (task.deadline_text, task.due_date, task.deadline_kind)

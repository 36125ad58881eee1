from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from plans.access import ROLE_SUPERUSER, role_of, user_unit_id
from plans.selectors import plan_list_with_counts


@login_required
def home(request):
    """The plans the user may see: all for a superuser, their district's for everyone else."""
    plans = plan_list_with_counts()
    if role_of(request.user) != ROLE_SUPERUSER:
        plans = plans.filter(unit_id=user_unit_id(request.user))
    return render(request, "plans/home.html", {"plans": plans})

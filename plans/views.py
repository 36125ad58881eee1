from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from plans.selectors import plan_list_with_counts


@login_required
def home(request):
    return render(request, "plans/home.html", {"plans": plan_list_with_counts()})

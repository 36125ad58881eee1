from django.urls import path

from tasks import views

urlpatterns = [
    path("plans/<slug:slug>/quality/", views.plan_quality, name="plan-quality"),
    path("tasks/mine/", views.my_tasks, name="my-tasks"),
    path("tasks/mine/<str:period>.xlsx", views.agency_xlsx, name="my-tasks-xlsx"),
    path("tasks/<int:task_id>/report/<str:period>/", views.report_edit, name="report-edit"),
    path("tasks/<int:task_id>/history/", views.task_history_page, name="task-history"),
    path("reports/review/", views.review_list, name="review"),
    path("reports/review/<int:report_id>/accept/", views.review_accept, name="review-accept"),
    path("reports/review/<int:report_id>/return/", views.review_return, name="review-return"),
    path("reports/evidence/<int:report_id>/", views.evidence_download, name="evidence"),
]

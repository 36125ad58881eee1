from django.urls import path

from tasks import task_page, views
from tasks.progress import notice_views, review
from tasks.progress import views as progress

urlpatterns = [
    path("plans/<slug:slug>/quality/", views.plan_quality, name="plan-quality"),
    path("tasks/mine/", progress.my_tasks, name="my-tasks"),
    path("tasks/mine/<str:period>.xlsx", progress.agency_xlsx, name="my-tasks-xlsx"),
    path("tasks/<int:task_id>/report/<str:period>/", progress.report_edit, name="report-edit"),
    path("tasks/<int:task_id>/", task_page.task_detail, name="task-detail"),
    path("tasks/<int:task_id>/history/", views.task_history_page, name="task-history"),
    path("reports/review/", review.review_list, name="review"),
    path("reports/review/<int:report_id>/accept/", review.review_accept, name="review-accept"),
    path("reports/review/<int:report_id>/return/", review.review_return, name="review-return"),
    path("reports/evidence/<int:report_id>/", progress.evidence_download, name="evidence"),
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/read-all/", notice_views.notice_read_all, name="notices-read-all"),
    path("notices/<int:notice_id>/", notice_views.notice_open, name="notice-open"),
]

"""The report page. Included after tasks.urls, so "/reports/review/" stays the review list."""

from django.urls import path

from tasks import report_views

urlpatterns = [
    path("reports/<slug:slug>/", report_views.report_index, name="report-index"),
    path("reports/<slug:slug>/<str:period>/", report_views.report_page, name="report-page"),
]

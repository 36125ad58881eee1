from django.urls import path

from tasks import export_views

urlpatterns = [
    path("reports/<slug:slug>/<str:period>.xlsx", export_views.report_xlsx, name="report-xlsx"),
    path(
        "tasks/mine/<str:period>.xlsx",
        export_views.agency_xlsx,
        name="my-tasks-xlsx",
    ),
]

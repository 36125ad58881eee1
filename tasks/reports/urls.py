"""The consolidated report's URLs. Included after tasks.urls, so "/reports/review/" stays the
review list."""

from django.urls import path

from tasks.reports import views

urlpatterns = [
    *(
        path(
            f"reports/<slug:slug>/<str:period>.{fmt}",
            views.report_download,
            {"fmt": fmt},
            name=f"report-{fmt}",
        )
        for fmt in ("docx", "xlsx", "pdf")
    ),
    path("reports/<slug:slug>/", views.report_index, name="report-index"),
    path("reports/<slug:slug>/<str:period>/edition/", views.edition_edit, name="report-edition"),
    path(
        "reports/<slug:slug>/<str:period>/edition/finalise/",
        views.edition_finalise,
        name="report-edition-finalise",
    ),
    path("reports/<slug:slug>/<str:period>/", views.report_page, name="report-page"),
]

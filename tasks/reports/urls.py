"""The consolidated report's URLs. Included after tasks.urls, so "/reports/review/" stays the
review list."""

from django.urls import path

from tasks.reports import home_views, views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("current/<slug:page>/", home_views.current_plan_page, name="current-plan-page"),
    path(
        "provinces/<slug:slug>/<str:period>.xlsx",
        home_views.province_dashboard_xlsx,
        name="province-dashboard-xlsx",
    ),
    path("provinces/<slug:slug>/", home_views.province_dashboard, name="province-dashboard"),
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

from django.urls import include, path

from indicators import views

urlpatterns = [
    path("", include("indicators.par.urls")),
    path("plans/<slug:slug>/targets/", views.plan_targets_current, name="plan-targets-current"),
    path("plans/<slug:slug>/targets/<str:period>/", views.plan_targets, name="plan-targets"),
    path(
        "plans/<slug:slug>/targets/<str:period>/<int:indicator_id>/",
        views.plan_target_save,
        name="plan-target-save",
    ),
]

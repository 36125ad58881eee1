"""The unit's self-assessment pages (docs/par-index.md, "The unit's self-assessment")."""

from django.urls import path

from indicators.par import assessment_views as views
from indicators.par import evidence_views, home_views

urlpatterns = [
    path("", home_views.home, name="par-home"),
    path("start/", home_views.start, name="par-start"),
    path("assessments/<int:assessment_id>/", views.assessment_page, name="par-assessment"),
    path(
        "assessments/<int:assessment_id>/areas/<int:area_id>/save/",
        views.assessment_save,
        name="par-assessment-save",
    ),
    path(
        "assessments/<int:assessment_id>/accept-suggestions/",
        views.accept,
        name="par-accept-suggestions",
    ),
    path("assessments/<int:assessment_id>/submit/", views.submit_view, name="par-submit"),
    path(
        "assessments/<int:assessment_id>/xlsx/",
        views.assessment_xlsx,
        name="par-assessment-xlsx",
    ),
    path("items/<int:item_id>/tasks/", evidence_views.mapping_save, name="par-mapping-save"),
    path("items/<int:item_id>/evidence/", evidence_views.evidence_add, name="par-evidence-add"),
    path(
        "evidence/<int:evidence_id>/remove/",
        evidence_views.evidence_remove,
        name="par-evidence-remove",
    ),
    path(
        "evidence/<int:evidence_id>/",
        evidence_views.evidence_download,
        name="par-evidence-download",
    ),
]

"""The province's pages (docs/par-index.md, "Appraisal, surveys and ranking"): appraise an
assessment, return it for clarification, finalise it; the set's results, export and ranking."""

from django.urls import path

from indicators.par import appraisal_views as views

urlpatterns = [
    path("assessments/<int:assessment_id>/appraise/", views.appraise_page, name="par-appraise"),
    path("assessments/<int:assessment_id>/return/", views.return_view, name="par-return"),
    path("assessments/<int:assessment_id>/finalise/", views.finalise_view, name="par-finalise"),
    path("sets/<int:set_id>/results/", views.results_page, name="par-results"),
    path("sets/<int:set_id>/results.xlsx", views.results_xlsx, name="par-results-xlsx"),
    path(
        "sets/<int:set_id>/results/publish/",
        views.ranking_publish,
        name="par-ranking-publish",
    ),
]

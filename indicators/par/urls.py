"""The PAR Index pages, one module per concern: criteria sets (set_urls), the unit's
self-assessment (assessment_urls), the province's appraisal and results (appraisal_urls)."""

from django.urls import include, path

urlpatterns = [
    path("par/", include("indicators.par.set_urls")),
    path("par/", include("indicators.par.assessment_urls")),
    path("par/", include("indicators.par.appraisal_urls")),
]

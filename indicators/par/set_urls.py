"""Criteria sets: the set's page, its .xlsx, the empty template, import, publish, new version."""

from django.urls import path

from indicators.par import set_views as views

urlpatterns = [
    path("sets/template.xlsx", views.set_template, name="par-set-template"),
    path("sets/import/", views.set_import, name="par-set-import"),
    path("sets/<int:set_id>/", views.set_page, name="par-set"),
    path("sets/<int:set_id>/xlsx/", views.set_export, name="par-set-export"),
    path("sets/<int:set_id>/publish/", views.set_publish, name="par-set-publish"),
    path("sets/<int:set_id>/new-version/", views.set_new_version, name="par-set-new-version"),
]

from django.urls import path

from tasks import views

urlpatterns = [
    path("plans/<slug:slug>/quality/", views.plan_quality, name="plan-quality"),
]

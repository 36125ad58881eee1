from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Quản lý Kế hoạch cải cách hành chính"
admin.site.site_title = "Kế hoạch CCHC"
admin.site.index_title = "Quản trị dữ liệu"

urlpatterns = [
    path("", include("tasks.urls")),
    path("", include("indicators.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("tasks.reports.urls")),
    path("admin/", admin.site.urls),
]

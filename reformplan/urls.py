from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from reformplan.accounts import views as accounts_views

admin.site.site_header = "Quản lý Kế hoạch cải cách hành chính"
admin.site.site_title = "Kế hoạch CCHC"
admin.site.index_title = "Quản trị dữ liệu"

# Error pages in Vietnamese inside the site's layout (reformplan/errors.py).
handler403 = "reformplan.errors.permission_denied"
handler404 = "reformplan.errors.page_not_found"
handler500 = "reformplan.errors.server_error"

urlpatterns = [
    path("", include("tasks.urls")),
    path("", include("indicators.urls")),
    # Sign-in with throttling and two-factor codes (reformplan/accounts/, docs/accounts.md);
    # the admin's own login page leads there too, so that no login skips the code step.
    path("accounts/login/", accounts_views.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", accounts_views.verify, name="two-factor-verify"),
    path("accounts/two-factor/setup/", accounts_views.setup, name="two-factor-setup"),
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("tasks.reports.urls")),
    path("admin/", admin.site.urls),
]

"""A temporary password must be changed at the first sign-in.

Interior Office staff give an agency head a temporary password in the admin's user pages
(`plans.user_admin`); that sets `UserProfile.must_change_password`. When such a user signs in,
the flag is copied into the session (`user_logged_in`), and `MustChangePasswordMiddleware`
sends every page of that session to Django's password change page until a new password is
saved there, which clears the flag in the profile and the session. Reading the flag from the
session keeps every other request free of an extra query.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "reformplan_must_change_password"
# Pages such a user may still open: the change itself, signing out, static files.
ALLOWED_URL_NAMES = ("password_change", "password_change_done", "logout")
ALLOWED_PREFIXES = ("/static/",)
MESSAGE = "Bạn đang dùng mật khẩu tạm thời. Hãy đặt mật khẩu mới của riêng bạn để tiếp tục."


def require_password_change(user) -> None:
    """Marks the user's profile: their next sign-in must change the password."""
    from plans.models import UserProfile

    UserProfile.objects.update_or_create(user=user, defaults={"must_change_password": True})


@receiver(user_logged_in, dispatch_uid="plans.first_login.remember_flag")
def remember_flag(sender, request, user, **kwargs):
    from plans.models import UserProfile

    if request is None or not hasattr(request, "session"):
        return
    flagged = UserProfile.objects.filter(user=user, must_change_password=True).exists()
    if flagged:
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


def _allowed(path: str) -> bool:
    if path.startswith(ALLOWED_PREFIXES):
        return True
    return any(path == reverse(name) for name in ALLOWED_URL_NAMES)


class MustChangePasswordMiddleware:
    """After AuthenticationMiddleware: a session marked by `remember_flag` reaches only the
    password change page (and sign-out) until the new password is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The session only (no query for the user): the flag is set at sign-in and the session
        # is flushed at sign-out. No session cookie: nothing to read.
        session = getattr(request, "session", None)
        if session is None or session.session_key is None or not session.get(SESSION_KEY):
            return self.get_response(request)
        user = request.user
        if not _allowed(request.path):
            messages.warning(request, MESSAGE)
            return redirect("password_change")
        response = self.get_response(request)
        changed = (
            request.path == reverse("password_change")
            and request.method == "POST"
            and response.status_code == 302
        )
        if changed:  # PasswordChangeView redirects only after saving the new password
            from plans.models import UserProfile

            UserProfile.objects.filter(user=user).update(must_change_password=False)
            request.session.pop(SESSION_KEY, None)
        return response

"""Small security helpers used by the settings (login throttling)."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's IP address for login throttling.

    Behind the TLS proxy (`DJANGO_BEHIND_TLS_PROXY=1`) the last address of X-Forwarded-For is
    the one nginx saw (earlier entries are supplied by the client and may be forged); otherwise
    REMOTE_ADDR.
    """
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a username and address are locked out."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )

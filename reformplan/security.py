"""Small security helpers used by the settings (login throttling, the proxy guard)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")


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


class ForwardedHeadersGuard:
    """Refuse every request that came through a proxy while DJANGO_BEHIND_TLS_PROXY is off.

    Without the setting, REMOTE_ADDR is the proxy's address: every visitor would share one login
    throttle (30 failures anywhere would lock the whole site out) and HTTPS would not be
    recognised. Rather than run mis-configured, the request fails with ImproperlyConfigured:
    a 500 page for the visitor and the reason, with the setting to turn on, in the error log.
    First in MIDDLEWARE, so that nothing (not even the HTTPS redirect) runs before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
            present = [name for name in FORWARDED_HEADERS if name in request.META]
            if present:
                headers = ", ".join(name[5:].replace("_", "-").title() for name in present)
                raise ImproperlyConfigured(
                    f"The request carries {headers}: the site runs behind a proxy, but "
                    "DJANGO_BEHIND_TLS_PROXY is off, so client addresses and HTTPS would be "
                    "wrong. Set DJANGO_BEHIND_TLS_PROXY=1 (see docs/accounts.md)."
                )
        return self.get_response(request)


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a username and address, or the whole
    address, are locked out."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "address_failure_limit": settings.LOGIN_IP_FAILURE_LIMIT,
            "by_address": getattr(request, "login_locked_by_address", False),
            "minutes": minutes,
        },
        status=429,
    )

"""HTTP hardening middleware: request size, response headers, the password-reset guard.

- `RequestSizeLimitMiddleware` refuses a body larger than `REQUEST_BODY_MAX_BYTES` from its
  Content-Length alone, before anything reads it (413 with a Vietnamese page).
- `SecurityHeadersMiddleware` adds `Cache-Control: no-store` to every response for a signed-in
  user and to every download, and the `Permissions-Policy` header to every response.
- `PasswordResetGuardMiddleware` hides the password-reset pages (404) unless mail is really
  delivered (`PASSWORD_RESET_ENABLED`), tells templates whether to offer "Quên mật khẩu"
  (`request.password_reset_enabled`), and throttles reset requests per client address and per
  e-mail address in the cache.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape

from reformplan.security import client_ip

MB = 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",").removesuffix(",0")


def too_large_message(length: int) -> str:
    return (
        f"Dữ liệu gửi lên quá lớn ({_megabytes(length)} MB), vượt giới hạn "
        f"{_megabytes(settings.REQUEST_BODY_MAX_BYTES)} MB của một lần gửi. Tệp minh chứng tối "
        f"đa {_megabytes(settings.EVIDENCE_MAX_BYTES)} MB, tệp nhập danh mục nhiệm vụ tối đa "
        f"{_megabytes(settings.IMPORT_MAX_BYTES)} MB: hãy chọn tệp nhỏ hơn rồi gửi lại."
    )


class RequestSizeLimitMiddleware:
    """413 for a request whose declared body is over `REQUEST_BODY_MAX_BYTES`, unread.

    A self-contained page (no template, no database): nothing of the request is needed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body for a malformed length either
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return self.refuse(length)
        return self.get_response(request)

    @staticmethod
    def refuse(length: int) -> HttpResponse:
        message = escape(too_large_message(length))
        page = (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            "<title>Dữ liệu quá lớn</title></head><body>"
            f"<h1>Dữ liệu quá lớn</h1><p>{message}</p>"
            '<p><a href="/">Về trang chủ</a></p>'
            "</body></html>"
        )
        return HttpResponse(page, status=413, content_type="text/html; charset=utf-8")


class SecurityHeadersMiddleware:
    """no-store for signed-in users and downloads; Permissions-Policy everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The session, not request.user: no user query on a page that did not need the user.
        session = getattr(request, "session", None)
        signed_in = session is not None and SESSION_KEY in session
        download = response.has_header("Content-Disposition")
        if signed_in or download:
            add_never_cache_headers(response)
        if not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


RESET_VIEWS = frozenset(
    {
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


def _over_limit(key: str, limit: int, window: int) -> bool:
    """Count one request against `key` in a fixed window; True once more than `limit`."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


class PasswordResetGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.password_reset_enabled = settings.PASSWORD_RESET_ENABLED
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.url_name not in RESET_VIEWS:
            return None
        if not settings.PASSWORD_RESET_ENABLED:
            raise Http404("Chức năng đặt lại mật khẩu chưa được bật.")
        if match.url_name == "password_reset" and request.method == "POST":
            return self.throttle(request)
        return None

    @staticmethod
    def throttle(request):
        window = int(settings.PASSWORD_RESET_LIMIT_WINDOW.total_seconds())
        email = request.POST.get("email", "").strip().lower()
        email_key = hashlib.sha256(email.encode()).hexdigest()
        # Both counters advance on every request, so neither can be probed separately.
        by_address = _over_limit(
            f"password-reset:address:{client_ip(request)}",
            settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            window,
        )
        by_email = _over_limit(
            f"password-reset:email:{email_key}", settings.PASSWORD_RESET_LIMIT_PER_EMAIL, window
        )
        if not (by_address or by_email):
            return None
        return render(
            request,
            "registration/password_reset_throttled.html",
            {"minutes": window // 60},
            status=429,
        )

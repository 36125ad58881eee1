"""The site's error pages (403, 404, 500): in Vietnamese, inside the site's layout and menu.

`reformplan.urls` names these views as handler403/404/500. Each renders its template with the
request, so the top menu shows the signed-in user's links. An exception's message is shown
only when it was written for the user (`user_message`): Django's and the libraries' own
messages ("No Task matches the given query.") are technical English and never shown.

The 500 view must never fail itself: if the page cannot be rendered (the database that broke
the request is needed for the menu, a template error…), it answers a static page instead.
"""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render

logger = logging.getLogger(__name__)

STATIC_500 = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
    "<title>Lỗi máy chủ · Quản lý Kế hoạch cải cách hành chính</title></head><body>"
    "<h1>Hệ thống đang gặp lỗi (500)</h1>"
    "<p>Yêu cầu của bạn chưa được thực hiện. Lỗi đã được ghi lại để quản trị hệ thống xử lý; "
    "vui lòng thử lại sau ít phút.</p>"
    '<p><a href="/">Về trang chủ</a></p></body></html>'
)


def user_message(exception) -> str:
    """The exception's message if it is meant for the user, else "".

    The project's own messages are Vietnamese (`Http404("Kỳ báo cáo không hợp lệ.")`) and so
    always carry letters outside ASCII; the framework's are plain ASCII English.
    """
    args = getattr(exception, "args", ())
    message = args[0] if args else ""
    if isinstance(message, str) and not message.isascii():
        return message
    return ""


def permission_denied(request, exception=None):
    context = {"message": user_message(exception)}
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception=None):
    context = {"message": user_message(exception)}
    return render(request, "404.html", context, status=404)


def server_error(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The 500 page could not be rendered; the static page was sent instead.")
        return HttpResponseServerError(STATIC_500)

"""A minimal browser for bench/load_writes.py: cookies, HTML forms serialised as a browser
serialises them (urlencoded or multipart, with the CSRF token the page carries), redirects
followed by hand. Standard library only; one http.client connection per request."""

from __future__ import annotations

import http.client
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

REQUEST_TIMEOUT = 30


@dataclass
class Form:
    action: str
    id: str = ""
    method: str = "get"
    enctype: str = "application/x-www-form-urlencoded"
    fields: list[tuple[str, str]] = field(default_factory=list)  # in document order
    files: list[str] = field(default_factory=list)  # names of <input type="file">

    def get(self, name: str, default: str | None = None) -> str | None:
        return next((v for k, v in self.fields if k == name), default)

    def set(self, name: str, value: str) -> None:
        """Replace the field's value (or add the field), as a user typing into it."""
        if any(k == name for k, _ in self.fields):
            self.fields = [(k, value if k == name else v) for k, v in self.fields]
        else:
            self.fields.append((name, value))


class FormParser(HTMLParser):
    """The forms of a page with their successful controls (no submit buttons: the caller adds
    the one it clicks): inputs, checked boxes, textareas, selected options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(
                action=a.get("action", ""),
                id=a.get("id", ""),
                method=a.get("method", "get").lower(),
                enctype=a.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self._form)
        elif tag == "input" and "name" in a and "disabled" not in a:
            # A control may sit outside its form, tied to it by id (the review's bulk accept).
            owner = self._form
            if "form" in a:
                owner = next((f for f in self.forms if f.id and f.id == a["form"]), None)
            kind = a.get("type", "text").lower()
            if owner is None or kind in {"submit", "button", "reset", "image"}:
                return
            if kind == "file":
                owner.files.append(a["name"])
            elif kind not in {"checkbox", "radio"}:
                owner.fields.append((a["name"], a.get("value", "")))
            elif "checked" in a:
                owner.fields.append((a["name"], a.get("value", "on")))
        elif self._form is None or "disabled" in a:
            return
        elif tag == "textarea" and "name" in a:
            self._textarea, self._text = a["name"], []
        elif tag == "select" and "name" in a:
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": []}

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def _close_option(self):
        if self._option is not None:
            o = self._option
            value = o["value"] if o["value"] is not None else "".join(o["text"]).strip()
            self._options.append((value, o["selected"]))
            self._option = None

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # A browser drops the one newline that follows <textarea>.
            text = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            self._form.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            chosen = [v for v, selected in self._options if selected] or [
                v for v, _ in self._options[:1]
            ]
            self._form.fields += [(self._select, v) for v in chosen]
            self._select = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


@dataclass
class Response:
    status: int
    location: str
    body: str


class Browser:
    """One user's browser: a cookie jar on 127.0.0.1:`port`. `log(kind, status, seconds,
    error)` is called for every request (status None: the request failed)."""

    def __init__(self, port: int, cookies: dict[str, str], log):
        self.port = port
        self.cookies = dict(cookies)
        self.log = log

    def request(
        self, kind: str, method: str, path: str, body: bytes = b"", content_type: str = ""
    ) -> Response | None:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if method == "POST":
            headers["Content-Type"] = content_type
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        began = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", errors="replace")
            for header in answer.headers.get_all("Set-Cookie") or []:
                self._remember(header)
            response = Response(answer.status, answer.headers.get("Location", ""), text)
        except (OSError, http.client.HTTPException) as error:
            self.log(kind, None, time.perf_counter() - began, f"{method} {path}: {error!r}")
            return None
        finally:
            connection.close()
        self.log(kind, response.status, time.perf_counter() - began, f"{method} {path}")
        return response

    def _remember(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, kind: str, path: str) -> Response | None:
        return self.request(kind, "GET", path)

    def submit(self, kind: str, form: Form, button: tuple[str, str] | None = None):
        """POST `form` as a browser does after a click on `button` (name, value)."""
        fields = form.fields + ([button] if button else [])
        if form.enctype == "multipart/form-data":
            body, content_type = multipart(fields, form.files)
        else:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(kind, "POST", form.action, body, content_type)

    def follow(self, kind: str, response: Response | None) -> Response | None:
        """GET the redirect's target, as the browser does next."""
        if response is None or response.status not in (301, 302, 303) or not response.location:
            return response
        parts = urlsplit(response.location)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return self.get(kind, path)


def multipart(fields: list[tuple[str, str]], files: list[str]) -> tuple[bytes, str]:
    """multipart/form-data as a browser sends it; a file input left empty is an empty part
    with an empty file name."""
    boundary = f"----benchform{uuid.uuid4().hex}"
    chunks = []
    for name, value in fields:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    for name in files:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename=""\r\n'
            "Content-Type: application/octet-stream\r\n\r\n\r\n"
        )
    chunks.append(f"--{boundary}--\r\n")
    return "".join(chunks).encode(), f"multipart/form-data; boundary={boundary}"

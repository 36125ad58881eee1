"""Sign-in views: the password step, the code step, and enrolling an authenticator app."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from . import two_factor
from .forms import LoginForm, TokenForm
from .throttling import remember_device


class LoginView(DjangoLoginView):
    """Password step. Users who need a second factor are only marked as pending."""

    authentication_form = LoginForm

    def form_valid(self, form):
        user = form.get_user()
        device = two_factor.confirmed_device(user)
        if device is None and not two_factor.must_enrol(user):
            response = super().form_valid(form)
            remember_device(response, user)
            return response
        two_factor.start_pending(self.request.session, user, self.get_success_url())
        return redirect("two-factor-verify" if device else "two-factor-setup")


def _finish_login(request, user, backend, device, redirect_to):
    auth_login(request, user, backend=backend)
    otp_login(request, device)
    if not url_has_allowed_host_and_scheme(
        redirect_to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        redirect_to = settings.LOGIN_REDIRECT_URL
    response = redirect(redirect_to or settings.LOGIN_REDIRECT_URL)
    remember_device(response, user)
    return response


@sensitive_post_parameters("token")
@never_cache
def verify(request):
    """Code step of a pending login."""
    data = two_factor.pending(request.session)
    user = two_factor.pending_user(data) if data else None
    device = two_factor.confirmed_device(user) if user else None
    if device is None and user is not None and two_factor.must_enrol(user):
        return redirect("two-factor-setup")
    if device is None:
        two_factor.clear_pending(request.session)
        messages.error(request, "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.")
        return redirect("login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            two_factor.clear_pending(request.session)
            return _finish_login(request, user, data["backend"], device, data["next"])
        left = two_factor.count_failure(request.session, data)
        if left <= 0:
            two_factor.clear_pending(request.session)
            messages.error(request, "Nhập sai mã quá nhiều lần. Vui lòng đăng nhập lại.")
            return redirect("login")
        form.add_error(
            "token",
            f"Mã xác thực không đúng hoặc đã dùng. Còn {left} lần thử; "
            "nếu vừa nhập sai nhiều lần, hãy chờ vài giây rồi thử mã mới.",
        )
    return render(request, "registration/two_factor_verify.html", {"form": form})


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


@sensitive_post_parameters("token")
@never_cache
def setup(request):
    """Enrolling an authenticator app: for signed-in staff, or a superuser's pending login."""
    data = None
    if request.user.is_authenticated:
        user = request.user
        if not two_factor.may_enrol(user):
            raise PermissionDenied("Chỉ cán bộ quản trị mới bật được xác thực hai lớp.")
    else:
        data = two_factor.pending(request.session)
        user = two_factor.pending_user(data) if data else None
        if user is None or not two_factor.must_enrol(user):
            return redirect_to_login(request.get_full_path())
    if two_factor.confirmed_device(user):
        if data:  # a device was enrolled meanwhile: the code step applies
            return redirect("two-factor-verify")
        return render(request, "registration/two_factor_setup.html", {"enrolled": True})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.confirm_device(request.session, user, form.cleaned_data["token"])
        if device is not None:
            if data:
                two_factor.clear_pending(request.session)
                return _finish_login(request, user, data["backend"], device, data["next"])
            otp_login(request, device)
            messages.success(request, "Đã bật xác thực hai lớp cho tài khoản của bạn.")
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("token", "Mã xác thực không đúng. Kiểm tra giờ trên điện thoại rồi thử lại.")
    device = two_factor.new_device(request.session, user)
    context = {
        "form": form,
        "pending": data is not None,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - generated, no user text
        "secret": _spaced(b32encode(device.bin_key).decode()),
    }
    return render(request, "registration/two_factor_setup.html", context)


def _spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))

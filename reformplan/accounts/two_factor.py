"""TOTP two-factor sign-in: who needs it, the half-finished login, device enrolment.

A login is in two steps when the user has a confirmed TOTP device, or is a superuser and
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS is on (always, unless DEBUG): the password step only records
the user in the (anonymous) session as "pending"; Django's login() runs after the code step.
No session is ever signed in on the password alone for such a user.
"""

import time
from binascii import unhexlify

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

PENDING_KEY = "two_factor_pending"
NEW_KEY = "two_factor_new_key"
PENDING_SECONDS = 5 * 60
MAX_CODE_FAILURES = 5
DEVICE_NAME = "Ứng dụng xác thực"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def must_enrol(user) -> bool:
    return user.is_superuser and settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS


def may_enrol(user) -> bool:
    return user.is_staff or user.is_superuser


# --- the pending login (between the password and the code) --------------------------------


def start_pending(session, user, redirect_to: str) -> None:
    session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "since": time.time(),
        "next": redirect_to,
        "failures": 0,
    }


def pending(session) -> dict | None:
    """The pending login if it is still fresh, else None (and it is forgotten)."""
    data = session.get(PENDING_KEY)
    if not data:
        return None
    if time.time() - data["since"] > PENDING_SECONDS or data["failures"] >= MAX_CODE_FAILURES:
        clear_pending(session)
        return None
    return data


def pending_user(data: dict):
    return get_user_model().objects.filter(pk=data["user"], is_active=True).first()


def count_failure(session, data: dict) -> int:
    """Records a wrong code; returns how many tries are left for this password login."""
    data["failures"] += 1
    session[PENDING_KEY] = data
    return MAX_CODE_FAILURES - data["failures"]


def clear_pending(session) -> None:
    session.pop(PENDING_KEY, None)
    session.pop(NEW_KEY, None)


# --- enrolment ---------------------------------------------------------------------------


def new_device(session, user) -> TOTPDevice:
    """The (unsaved) device being enrolled; its secret stays in the session until confirmed."""
    if not session.get(NEW_KEY):
        session[NEW_KEY] = default_key()
    return TOTPDevice(user=user, name=DEVICE_NAME, key=session[NEW_KEY], confirmed=True)


def confirm_device(session, user, token: str) -> TOTPDevice | None:
    """Saves the enrolled device if the code matches its secret; None (nothing saved) if not."""
    device = new_device(session, user)
    totp = TOTP(unhexlify(device.key), device.step, device.t0, device.digits)
    totp.time = time.time()
    if not totp.verify(int(token), tolerance=device.tolerance):
        return None
    device.drift = totp.drift
    device.last_t = totp.t()  # the code just used cannot be used again to sign in
    device.save()
    session.pop(NEW_KEY, None)
    return device

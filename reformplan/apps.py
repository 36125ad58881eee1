"""Vietnamese names, in the admin, for two third-party apps whose own names are plain English
strings that the project's catalog (locale/) cannot translate."""

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = "Khóa đăng nhập"


class TOTPConfig(TOTPAppConfig):
    verbose_name = "Xác thực hai lớp"

    def ready(self):
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # Display names only: migrations compare Meta.original_attrs, which stays as it is.
        TOTPDevice._meta.verbose_name = "thiết bị xác thực (TOTP)"
        TOTPDevice._meta.verbose_name_plural = "thiết bị xác thực (TOTP)"

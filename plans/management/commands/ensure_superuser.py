from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse


class Command(BaseCommand):
    help = "Tạo (hoặc đặt lại mật khẩu) tài khoản quản trị dùng thử. Chỉ chạy khi DEBUG bật."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", required=True)

    def handle(self, *args, username, password, **options):
        if not settings.DEBUG:
            raise CommandError("Lệnh này chỉ dùng cho máy thử (DJANGO_DEBUG=1).")
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        verb = "Đã tạo" if created else "Đã cập nhật"
        self.stdout.write(f"{verb} tài khoản quản trị “{username}”.")
        # Local demo: superusers sign in with the password alone (DEBUG on); with DEBUG off
        # they must enrol an authenticator app first (docs/accounts.md).
        self.stdout.write(
            "Xác thực hai lớp: tùy chọn trên máy thử, bắt buộc với tài khoản quản trị khi chạy "
            f"thật (DEBUG tắt). Đăng ký ứng dụng xác thực tại {reverse('two-factor-setup')}"
        )

import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from plans.access import GROUP_AGENCY, GROUP_LEADER, GROUP_OFFICE, ensure_groups
from plans.models import Agency, AgencyKind, District, UserProfile


def ascii_slug(text: str) -> str:
    """ "Phòng Văn hóa và Thông tin" → "phong-van-hoa-va-thong-tin" (đ becomes d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return slugify(text)


class Command(BaseCommand):
    help = (
        "Tạo tài khoản dùng thử cho mọi huyện: <huyện>-noivu (Phòng Nội vụ), <huyện>-lanhdao "
        "(lãnh đạo huyện, chỉ xem) và một tài khoản lãnh đạo cho mỗi cơ quan. "
        "Chỉ chạy khi DEBUG bật."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Mật khẩu chung của các tài khoản")

    @transaction.atomic
    def handle(self, *args, password, **options):
        if not settings.DEBUG:
            raise CommandError("Lệnh này chỉ dùng cho máy thử (DJANGO_DEBUG=1).")
        ensure_groups()
        groups = {
            name: Group.objects.get(name=name)
            for name in (GROUP_OFFICE, GROUP_LEADER, GROUP_AGENCY)
        }
        rows = []
        for district in District.objects.order_by("slug"):
            people = [
                (
                    f"{district.slug}-noivu",
                    f"Cán bộ Phòng Nội vụ {district.name}",
                    GROUP_OFFICE,
                    None,
                ),
                (
                    f"{district.slug}-lanhdao",
                    f"Lãnh đạo UBND huyện {district.name}",
                    GROUP_LEADER,
                    None,
                ),
            ]
            agencies = Agency.objects.filter(district=district).exclude(kind=AgencyKind.GROUP)
            for agency in agencies.order_by("name"):
                username = f"{district.slug}-{ascii_slug(agency.name)}"[:150]
                people.append((username, f"Lãnh đạo {agency.name}", GROUP_AGENCY, agency))
            for username, full_name, group, agency in people:
                self._upsert(username, full_name, password, groups[group], district, agency)
                rows.append((username, group, agency.name if agency else district.name))
        self._print_table(rows)

    def _upsert(self, username, full_name, password, group, district, agency):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.first_name = full_name[:150]
        user.email = f"{username}@example.invalid"
        user.is_staff = group.name == GROUP_OFFICE  # Interior Office staff use the admin
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set([group])
        UserProfile.objects.update_or_create(
            user=user, defaults={"district": district, "agency": agency}
        )

    def _print_table(self, rows):
        width = max(len(r[0]) for r in rows) if rows else 10
        group_width = max(len(r[1]) for r in rows) if rows else 10
        self.stdout.write(f"{'Tên đăng nhập'.ljust(width)}  {'Vai trò'.ljust(group_width)}  Đơn vị")
        for username, group, unit in rows:
            self.stdout.write(f"{username.ljust(width)}  {group.ljust(group_width)}  {unit}")
        self.stdout.write(f"Tổng cộng {len(rows)} tài khoản.")

import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from plans.access import GROUP_AGENCY, GROUP_LEADER, GROUP_OFFICE, GROUP_PROVINCE, ensure_groups
from plans.models import AdministrativeUnit, Agency, AgencyKind, UnitLevel, UserProfile

USERNAME_MAX = 150  # django.contrib.auth's User.username


def ascii_slug(text: str) -> str:
    """ "Phòng Văn hóa và Thông tin" → "phong-van-hoa-va-thong-tin" (đ becomes d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return slugify(text)


def agency_usernames(district: AdministrativeUnit, agencies) -> dict[int, str]:
    """The head account's username of each agency: "<district slug>-<ASCII slug of the name>",
    e.g. "thanh-oai-ubnd-xa-cao-vien". Two names that fold to the same ASCII slug get "-2",
    "-3"… in the order of the agencies' ids, so every run gives the same usernames."""
    taken: set[str] = {f"{district.slug}-noivu", f"{district.slug}-lanhdao"}
    usernames = {}
    for agency in sorted(agencies, key=lambda a: a.pk):
        base = f"{district.slug}-{ascii_slug(agency.name)}"[:USERNAME_MAX]
        username, n = base, 1
        while username in taken:
            n += 1
            suffix = f"-{n}"
            username = base[: USERNAME_MAX - len(suffix)] + suffix
        taken.add(username)
        usernames[agency.pk] = username
    return usernames


class Command(BaseCommand):
    help = (
        "Tạo tài khoản dùng thử cho mọi huyện: <huyện>-noivu (Phòng Nội vụ), <huyện>-lanhdao "
        "(lãnh đạo huyện, chỉ xem) và một tài khoản lãnh đạo cho mỗi cơ quan, mỗi UBND xã, thị "
        "trấn (ví dụ thanh-oai-ubnd-xa-cao-vien), và <tỉnh>-sonoivu (Sở Nội vụ, xem mọi đơn vị "
        "của tỉnh) cho mỗi tỉnh, thành phố có kế hoạch. Chạy lại nhiều lần vẫn an toàn. "
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
            for name in (GROUP_OFFICE, GROUP_LEADER, GROUP_AGENCY, GROUP_PROVINCE)
        }
        sections = []  # (district, [(title, rows)])
        units = AdministrativeUnit.objects.exclude(level=UnitLevel.PROVINCE).select_related(
            "parent"
        )
        for district in units.order_by("slug"):
            district_rows = [
                (
                    f"{district.slug}-noivu",
                    f"Cán bộ Phòng Nội vụ {district.name}",
                    GROUP_OFFICE,
                    None,
                ),
                (
                    f"{district.slug}-lanhdao",
                    f"Lãnh đạo {district.committee}",
                    GROUP_LEADER,
                    None,
                ),
            ]
            # Sorted on the ASCII spelling: "Sơn Lập" before "Sơn Long" whatever the database's
            # collation, and the table reads in the same order as the usernames.
            agencies = sorted(
                Agency.objects.filter(unit=district).exclude(kind=AgencyKind.GROUP),
                key=lambda a: (ascii_slug(a.name), a.name),
            )
            usernames = agency_usernames(district, agencies)
            office_rows, commune_rows = [], []
            for agency in agencies:
                row = (usernames[agency.pk], f"Lãnh đạo {agency.name}", GROUP_AGENCY, agency)
                (commune_rows if agency.kind == AgencyKind.COMMUNE else office_rows).append(row)
            parts = [
                ("Phòng Nội vụ, lãnh đạo huyện và các cơ quan", district_rows + office_rows),
                ("UBND các xã, thị trấn", commune_rows),
            ]
            for username, full_name, group, agency in district_rows + office_rows + commune_rows:
                self._upsert(username, full_name, password, groups[group], district, agency)
            sections.append((district, [(title, rows) for title, rows in parts if rows]))
        # One Home Affairs (Sở Nội vụ) account per province with plans, its own or its units'.
        provinces = (
            AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
            .filter(Q(plans__isnull=False) | Q(children__plans__isnull=False))
            .distinct()
            .order_by("slug")
        )
        for province in provinces:
            row = (
                f"{province.slug}-sonoivu",
                f"Cán bộ Sở Nội vụ {province.full_name}",
                GROUP_PROVINCE,
                None,
            )
            self._upsert(*row[:2], password, groups[GROUP_PROVINCE], province, None)
            sections.append((province, [("Sở Nội vụ: theo dõi mọi đơn vị của tỉnh", [row])]))
        self._print_table(sections)

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
            user=user, defaults={"unit": district, "agency": agency}
        )

    def _print_table(self, sections):
        """One block per district, its commune heads listed apart after the district's offices,
        then one block per province with its Home Affairs account."""
        rows = [row for _, parts in sections for _, part in parts for row in part]
        width = max((len(r[0]) for r in rows), default=10)
        group_width = max((len(r[2]) for r in rows), default=10)
        self.stdout.write(f"{'Tên đăng nhập'.ljust(width)}  {'Vai trò'.ljust(group_width)}  Đơn vị")
        for district, parts in sections:
            self.stdout.write("")
            province = f" ({district.parent.full_name})" if district.parent else ""
            self.stdout.write(f"{district.title_name}{province}")
            for title, part in parts:
                self.stdout.write(f"  {title} ({len(part)} tài khoản)")
                for username, _full_name, group, agency in part:
                    unit = agency.name if agency else district.name
                    line = f"{username.ljust(width)}  {group.ljust(group_width)}  {unit}"
                    self.stdout.write(line)
        communes = sum(1 for r in rows if r[3] is not None and r[3].kind == AgencyKind.COMMUNE)
        self.stdout.write("")
        self.stdout.write(
            f"Tổng cộng {len(rows)} tài khoản, trong đó {communes} tài khoản UBND xã, thị trấn."
        )

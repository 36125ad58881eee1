import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tasks import scale_data


class Command(BaseCommand):
    help = (
        "Tạo một “quốc gia thử” để đo hiệu năng: các tỉnh “Tỉnh Thử 01”…, các xã “Xã Thử 0001”… "
        "(mã bắt đầu bằng thu-), cơ quan, kế hoạch năm nay, nhiệm vụ, phân công, báo cáo tiến độ "
        "quý I–II và tài khoản thử. Dữ liệu giả, ghi rất nhiều dòng: chỉ chạy khi DEBUG bật "
        "(hoặc với --force), và chỉ một lần trên một cơ sở dữ liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=34, help="Số tỉnh (mặc định 34)")
        parser.add_argument("--communes", type=int, default=3321, help="Số xã (mặc định 3321)")
        parser.add_argument(
            "--tasks", type=int, default=30, help="Số nhiệm vụ mỗi kế hoạch (mặc định 30)"
        )
        parser.add_argument(
            "--reports",
            default="0.5",
            help=(
                "Nhiệm vụ có báo cáo trong mỗi kế hoạch: tỷ lệ (0.5 hoặc 50%%) hay số nhiệm vụ "
                "(10). Mỗi cơ quan phải báo cáo có báo cáo quý I (đã duyệt) và quý II (chờ duyệt)."
            ),
        )
        parser.add_argument("--seed", type=int, default=2025, help="Hạt giống ngẫu nhiên")
        parser.add_argument(
            "--year", type=int, default=None, help="Năm kế hoạch (mặc định: năm nay)"
        )
        parser.add_argument(
            "--password",
            default=None,
            help="Mật khẩu chung của các tài khoản thử (mặc định: không đăng nhập bằng mật khẩu)",
        )
        parser.add_argument(
            "--force", action="store_true", help="Chạy cả khi DEBUG tắt (máy đo hiệu năng)"
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Lệnh này ghi rất nhiều dữ liệu giả: chỉ chạy trên máy thử (DJANGO_DEBUG=1), "
                "hoặc thêm --force nếu chắc chắn đây là cơ sở dữ liệu để đo hiệu năng."
            )
        config = scale_data.ScaleConfig(
            provinces=options["provinces"],
            communes=options["communes"],
            tasks=options["tasks"],
            reports=options["reports"],
            seed=options["seed"],
            password=options["password"],
        )
        if options["year"]:
            config.year = options["year"]
        self.stdout.write(
            f"Tạo dữ liệu thử: {config.provinces} tỉnh, {config.communes} xã, "
            f"{config.tasks} nhiệm vụ mỗi kế hoạch, năm {config.year}…"
        )
        started = time.monotonic()
        try:
            counts = scale_data.generate(config, log=self.stdout.write)
        except scale_data.ScaleDataExists as exists:
            raise CommandError(
                f"Cơ sở dữ liệu đã có dữ liệu thử ({exists.args[0]} đơn vị mã bắt đầu bằng "
                f"“{scale_data.SLUG_PREFIX}”). Lệnh chỉ chạy một lần: dùng một cơ sở dữ liệu "
                "mới (ví dụ scripts/with-postgres.sh) để tạo lại."
            ) from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        written = time.monotonic() - started
        scale_data.analyze()
        total = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo {sum(counts.values())} dòng trong {written:.1f} giây "
                f"(kể cả cập nhật thống kê: {total:.1f} giây)."
            )
        )

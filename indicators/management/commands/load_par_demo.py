from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indicators.par.demo import load_demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu thử của Chỉ số CCHC từ Kế hoạch Tuy Phước 2023–2025: bộ tiêu chí dựng "
        "nguyên văn (dự thảo, chưa có điểm tối đa), bộ tiêu chí minh họa đã ban hành (mỗi tiêu "
        "chí 1 điểm), báo cáo tiến độ quý 4/2024 ghi “[Dữ liệu thử]”, bản tự đánh giá năm 2024 "
        "đã gửi và phần thẩm định đang làm. Chạy sau load_plans (và create_demo_users); chạy "
        "lại nhiều lần vẫn an toàn."
    )

    def handle(self, *args, **options):
        try:
            load_demo(self.stdout.write)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None

from django.db import migrations

# The eight canonical reform areas (docs/domain.md, "Reform areas"); plans map their own
# headings onto these.
REFORM_AREAS = [
    ("chi-dao-dieu-hanh", "Chỉ đạo, điều hành (gồm tuyên truyền, kiểm tra)"),
    ("the-che", "Cải cách thể chế"),
    ("thu-tuc-hanh-chinh", "Cải cách thủ tục hành chính, cơ chế một cửa"),
    ("to-chuc-bo-may", "Cải cách tổ chức bộ máy"),
    ("cong-vu", "Cải cách chế độ công vụ"),
    ("tai-chinh-cong", "Cải cách tài chính công"),
    ("chinh-quyen-so", "Xây dựng chính quyền điện tử, chính quyền số, hiện đại hóa hành chính"),
    ("tac-dong", "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội"),
]


def create_areas(apps, schema_editor):
    ReformArea = apps.get_model("plans", "ReformArea")
    for order, (code, name) in enumerate(REFORM_AREAS, start=1):
        ReformArea.objects.update_or_create(code=code, defaults={"name": name, "order": order})


def remove_areas(apps, schema_editor):
    apps.get_model("plans", "ReformArea").objects.filter(
        code__in=[code for code, _ in REFORM_AREAS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(create_areas, remove_areas)]

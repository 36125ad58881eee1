"""District → administrative unit at any level (province, historical district, commune).

The districts keep their rows and ids (every plan, agency, profile, report and history entry
still points at them); each becomes a unit of level "district" and type "huyện" under a new
province unit made from its former `province` text.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

CENTRAL_CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}


def districts_under_provinces(apps, schema_editor):
    Unit = apps.get_model("plans", "AdministrativeUnit")
    provinces = {}
    for district in Unit.objects.filter(parent__isnull=True, level="district").order_by("pk"):
        name = district.province.strip() or "Chưa rõ tỉnh"
        province = provinces.get(name)
        if province is None:
            base = slugify(name.replace("đ", "d").replace("Đ", "D")) or "tinh"
            slug, n = base, 1
            while Unit.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            unit_type = "thanh_pho_tw" if name in CENTRAL_CITIES else "tinh"
            province = Unit.objects.create(
                name=name, unit_type=unit_type, level="province", slug=slug, province=""
            )
            provinces[name] = province
        district.parent = province
        district.save(update_fields=["parent"])


def provinces_back_to_text(apps, schema_editor):
    Unit = apps.get_model("plans", "AdministrativeUnit")
    for district in Unit.objects.filter(level="district").select_related("parent"):
        district.province = district.parent.name if district.parent else ""
        district.save(update_fields=["province"])
    Unit.objects.filter(level="province").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_plan_data_cutoff"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RenameModel("District", "AdministrativeUnit"),
        migrations.RemoveConstraint("agency", "plans_agency_unique_name_per_district"),
        migrations.RenameField("agency", "district", "unit"),
        migrations.RenameField("plan", "district", "unit"),
        migrations.RenameField("historicalplan", "district", "unit"),
        migrations.RenameField("userprofile", "district", "unit"),
        migrations.AddConstraint(
            "agency",
            models.UniqueConstraint(fields=["unit", "name"], name="plans_agency_unique_name_per_unit"),
        ),
        migrations.AddField(
            "administrativeunit",
            "unit_type",
            models.CharField(
                "loại đơn vị",
                max_length=14,
                default="huyen",
                choices=[
                    ("tinh", "Tỉnh"),
                    ("thanh_pho_tw", "Thành phố trực thuộc trung ương"),
                    ("huyen", "Huyện"),
                    ("thi_xa", "Thị xã"),
                    ("quan", "Quận"),
                    ("thanh_pho", "Thành phố thuộc tỉnh"),
                    ("xa", "Xã"),
                    ("phuong", "Phường"),
                    ("thi_tran", "Thị trấn"),
                    ("dac_khu", "Đặc khu"),
                ],
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            "administrativeunit",
            "level",
            models.CharField(
                "cấp",
                max_length=10,
                default="district",
                editable=False,
                choices=[
                    ("province", "Cấp tỉnh"),
                    ("district", "Cấp huyện (đến 30/6/2025)"),
                    ("commune", "Cấp xã"),
                ],
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            "administrativeunit",
            "short_name",
            models.CharField(
                "tên viết tắt",
                max_length=60,
                blank=True,
                help_text="Ví dụ “H. Thanh Oai”, “TP. Hà Nội”.",
            ),
        ),
        migrations.AddField(
            "administrativeunit",
            "parent",
            models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="plans.administrativeunit",
                verbose_name="thuộc tỉnh, thành phố",
            ),
        ),
        migrations.RunPython(districts_under_provinces, provinces_back_to_text),
        migrations.RemoveField("administrativeunit", "province"),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    """Interior Office staff manage their unit's agency accounts (plans.user_admin): a
    temporary password makes the user change it at the next sign-in."""

    dependencies = [
        ("plans", "0007_unit_constraints"),
    ]

    operations = [
        migrations.AddField(
            model_name="userprofile",
            name="must_change_password",
            field=models.BooleanField(
                default=False, verbose_name="phải đổi mật khẩu khi đăng nhập"
            ),
        ),
    ]

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Kế hoạch CCHC"

    def ready(self):
        from plans import context_processors  # noqa: F401  (its sign-in receiver)
        from plans.access import ensure_groups

        # Groups need the permissions that post_migrate creates, so they follow every migrate.
        post_migrate.connect(ensure_groups, dispatch_uid="plans.ensure_groups")

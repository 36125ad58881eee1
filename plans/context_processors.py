from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from plans.access import (
    ROLE_AGENCY,
    ROLE_LEADER,
    ROLE_OFFICE,
    ROLE_PROVINCE,
    ROLE_SUPERUSER,
    role_of,
)
from plans.units import UnitLevel

# Set at sign-in: the user heads a province department (Sở), which fills in its own PAR Index
# self-assessment. Kept in the session so that the menu costs no query on every page.
DEPARTMENT_SESSION_KEY = "reformplan_province_department"


def navigation(request):
    """What the top menu offers: by the user's role."""
    role = role_of(request.user) if hasattr(request, "user") else None
    return {
        "nav_role": role,
        "nav_portal": role == ROLE_AGENCY,
        "nav_review": role in (ROLE_OFFICE, ROLE_LEADER, ROLE_SUPERUSER),
        "nav_par": role in (ROLE_OFFICE, ROLE_LEADER, ROLE_PROVINCE, ROLE_SUPERUSER)
        or (
            role == ROLE_AGENCY
            and getattr(request, "session", {}).get(DEPARTMENT_SESSION_KEY, False)
        ),
    }


@receiver(user_logged_in, dispatch_uid="plans.context_processors.remember_department")
def remember_department(sender, request, user, **kwargs):
    from plans.models import UserProfile

    if request is None or not hasattr(request, "session"):
        return
    request.session[DEPARTMENT_SESSION_KEY] = UserProfile.objects.filter(
        user=user, agency__unit__level=UnitLevel.PROVINCE
    ).exists()

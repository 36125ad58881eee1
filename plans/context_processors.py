from plans.access import ROLE_AGENCY, ROLE_LEADER, ROLE_OFFICE, ROLE_SUPERUSER, role_of


def navigation(request):
    """What the top menu offers: by the user's role."""
    role = role_of(request.user) if hasattr(request, "user") else None
    return {
        "nav_role": role,
        "nav_portal": role == ROLE_AGENCY,
        "nav_review": role in (ROLE_OFFICE, ROLE_LEADER, ROLE_SUPERUSER),
    }

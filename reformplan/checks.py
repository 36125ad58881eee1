"""System checks of the project, run by `manage.py check --deploy` (registered in __init__).

With debug off, e-mail must really be delivered: password-reset links and the reminders'
"sent" records are worthless, and reset links leak into the log, when mails only go to the
console. A deployment that has not configured its mail server therefore fails the check.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

LOCAL_SENDER_SUFFIX = "@localhost"


def mail_is_delivered() -> bool:
    """True when the configured backend sends mail somewhere (not console, memory, file)."""
    return settings.EMAIL_BACKEND not in settings.NON_DELIVERING_EMAIL_BACKENDS


@register(Tags.security, deploy=True)
def check_email_delivery(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    problems = []
    if not mail_is_delivered():
        problems.append(
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which delivers no mail: "
                "password-reset links would be written to the log and reminders recorded as "
                "sent without reaching anyone.",
                hint="Set DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend "
                "and DJANGO_EMAIL_HOST, DJANGO_EMAIL_PORT, DJANGO_DEFAULT_FROM_EMAIL "
                "(see .env.example and docs/deployment.md).",
                id="reformplan.E001",
            )
        )
    sender = settings.DEFAULT_FROM_EMAIL.strip().lower()
    if not sender or sender.endswith(LOCAL_SENDER_SUFFIX) or "@" not in sender:
        problems.append(
            Error(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}: mail servers refuse "
                "or discard mail from such a sender.",
                hint="Set DJANGO_DEFAULT_FROM_EMAIL to the office's real address, "
                "e.g. cchc@example.gov.vn.",
                id="reformplan.E002",
            )
        )
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        problems.append(
            Error(
                "DJANGO_EMAIL_USE_TLS and DJANGO_EMAIL_USE_SSL are both on; only one may be.",
                hint="STARTTLS (usually port 587): DJANGO_EMAIL_USE_TLS=1; "
                "implicit TLS (usually port 465): DJANGO_EMAIL_USE_SSL=1.",
                id="reformplan.E003",
            )
        )
    elif (
        mail_is_delivered()
        and settings.EMAIL_HOST_PASSWORD
        and not (settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL)
    ):
        problems.append(
            Warning(
                "The SMTP password is sent without encryption (neither DJANGO_EMAIL_USE_TLS "
                "nor DJANGO_EMAIL_USE_SSL is on).",
                hint="Turn on DJANGO_EMAIL_USE_TLS=1 (port 587) or DJANGO_EMAIL_USE_SSL=1 "
                "(port 465).",
                id="reformplan.W001",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """Links in notice e-mails and reminders are built from SITE_URL."""
    if settings.DEBUG:
        return []
    url = settings.SITE_URL.strip().lower()
    if url.startswith("https://") and not url.startswith(("https://localhost", "https://127.")):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in notice e-mails and reminders would "
            "not reach the users.",
            hint="Set DJANGO_SITE_URL to the site's public https:// address, e.g. "
            "https://cchc.example.gov.vn.",
            id="reformplan.W002",
        )
    ]

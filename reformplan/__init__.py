# The project's system checks (reformplan/checks.py). Imported here because every entry point
# (manage.py, wsgi, asgi, the tests) imports this package with the settings, and the project
# package is not an installed app with an AppConfig of its own.
from reformplan import checks  # noqa: F401

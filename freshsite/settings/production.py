"""Production: every service and secret comes from the environment; a missing one stops start-up.

Nothing falls back to the embedded SQLite and Redis of development (embedded.py). A command that
wants production settings on embedded parts says so through the URLs, e.g.
``DATABASE_URL=sqlite:///var/db.sqlite3 REDIS_URL=unix:///…/redis.sock?db=0``.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env


def required(name: str) -> str:
    """The variable's value; ImproperlyConfigured, naming it, when it is unset or empty."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (production requires it)")
    return value


SECRET_KEY = required("SECRET_KEY")
DEBUG = False
required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# base.py built DATABASES, CACHES and the broker from these; here they have no default.
required("DATABASE_URL")
required("REDIS_URL")
required("REDIS_STORE_URL")

# --- HTTPS ------------------------------------------------------------------------------------
# Behind a proxy that terminates TLS, Django learns the scheme from its X-Forwarded-Proto. With
# no proxy in front any client could send that header and pass for HTTPS, so it is trusted only
# when a proxy is declared: NUM_TRUSTED_PROXIES > 0, or TRUSTED_PROXY_SSL_HEADER=1.
if env.bool("TRUSTED_PROXY_SSL_HEADER", default=env.int("NUM_TRUSTED_PROXIES", default=0) > 0):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# a load balancer asks /healthz over plain HTTP on the private network
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Preloading writes the domain into the browsers' built-in HTTPS-only lists, which takes
    # months to undo: the domain owner's decision (SECURE_HSTS_PRELOAD=1), not a default.
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True

SANDBOX_PAYMENT_ENABLED = env.bool("SANDBOX_PAYMENT_ENABLED", default=False)
if ALIPAY_APP_ID and not (ALIPAY_PRIVATE_KEY and ALIPAY_PUBLIC_KEY):  # noqa: F405
    raise ImproperlyConfigured(
        "ALIPAY_APP_ID is set: ALIPAY_PRIVATE_KEY and ALIPAY_PUBLIC_KEY are required too"
    )

# Wagtail's "upgrade available" banner (English, and a request to wagtail.org from each
# admin's browser): upgrades are the developers' business, not the shop staff's.
WAGTAIL_ENABLE_UPDATE_CHECK = False

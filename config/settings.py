"""Settings read from the environment. See README, 'Configuration'."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_bool, env_int, env_list, env_rate, env_required, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_required("DJANGO_SECRET_KEY")
# Fernet keys, newest first; older keys stay in the list to read data written before a rotation.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", env_required("FIELD_ENCRYPTION_KEYS"))

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs' swagger-ui, served from here: the intranet may have no internet
    "csp",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "core",
    "talent",
    "sharing",
    "incentives",
    "workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.refuse_nul",  # after the locale, so its message speaks the client's language
    "core.middleware.table_states",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "talent.middleware.require_own_password",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "core.replicas.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workspace.context.workspace",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
# PostgreSQL streaming replicas for the heavy reads (reports, cockpit, search, exports, analytics): core/replicas.py
# says which reads go there. In tests each replica is the test database itself.
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica_{number}"] = {**database_from_url(url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["core.replicas.ReplicaRouter"]
# How long after a write a browser keeps reading from the primary (longer than the replicas normally lag).
REPLICA_LAG_GRACE = env_int("REPLICA_LAG_GRACE", 10, low=0, high=3600)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (core.jobs): tasks wait in the database; `manage.py db_worker` runs them, on as many
# machines as share this database. Another django-tasks backend (Celery, RQ) may replace it here.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOBS_TASK_BACKEND = "default"
# Where a backup asked for through the API (a job) is written, readable by its owner only; the web server must
# read what the worker wrote, so with workers on other machines this is a shared directory.
BACKUP_DIR = Path(env_str("BACKUP_DIR") or BASE_DIR / "var" / "backups")

# Django's model backend, loading a session's user and their roles in one statement (core/auth.py).
AUTHENTICATION_BACKENDS = ["core.auth.RoleNamesBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The workspace's sign-in page (the back office keeps its own); what needs a session sends people there.
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "workspace:login"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the pages that belong to no app: the start page, the API docs

# Every page loads its scripts, styles, images and fonts from this service only, and no inline script or style
# runs (a template's styles live in a static file), so injected markup can neither run nor phone home. The admin,
# the API docs (drf-spectacular's split view and its sidecar files), the verification page and the workspace
# pages pass it; tests/browser/test_csp.py opens them in Chromium and fails on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# No page needs a device or a sensor; a feature not listed keeps the browser's default.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "ambient-light-sensor", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial",
    "usb", "xr-spatial-tracking",
)}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.auth.AuditedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "core.filters.DeclaredOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "login": env_rate("LOGIN_THROTTLE_RATE", "10/min"),
        "certificate_verify": env_rate("CERTIFICATE_VERIFY_THROTTLE_RATE", "30/min"),
    },
}

# An API token works this many hours after the login that issued it; then it is deleted and the client logs in again,
# so a token copied off a shared office computer does not open the pool for good.
TOKEN_TTL_HOURS = env_int("TOKEN_TTL_HOURS", 12, low=1, high=24 * 90)
# A back-office session opens the API as a token does, so it lasts as long (Django's default is two weeks).
SESSION_COOKIE_AGE = TOKEN_TTL_HOURS * 3600

SPECTACULAR_SETTINGS = {
    "TITLE": "机关事务数字人才库与激励管理系统 API",
    "DESCRIPTION": "Talent pool, literacy assessment, workforce planning, secondments and incentives.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # swagger-ui would otherwise fetch a validity badge from validator.swagger.io for a public schema address.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TierEnum": "talent.models.Tier.choices",
        "ProficiencyEnum": "talent.models.Proficiency.choices",
        "CapacityEnum": "talent.models.Capacity.choices",
        "ContributionStatusEnum": "incentives.models.ContributionStatus.choices",
        "CycleStatusEnum": "incentives.models.CycleStatus.choices",
        "EducationEnum": "talent.models.Education.choices",
        "ProfessionalTitleEnum": "talent.models.ProfessionalTitle.choices",
        "NominationKindEnum": "incentives.models.NominationKind.choices",
        "NominationStatusEnum": "incentives.models.NominationStatus.choices",
        "PostKindEnum": "talent.models.PostKind.choices",
        "ContributionKindEnum": "incentives.models.ContributionKind.choices",
        "RaterKindEnum": "talent.models.RaterKind.choices",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# In the database, so every server process shares it: the rate limits count each client once however many
# workers answer it, and a computed picture (the sharing graph) is computed once for all of them. `migrate`
# creates the table (talent.apps). Room for every client's login count in a busy minute: when full, Django drops a
# third of the entries, which would forget some counts.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache",
                      "OPTIONS": {"MAX_ENTRIES": 20_000}}}

# HTTPS unless DEBUG: personal data and tokens never travel in clear. bin/demo sets DEBUG for plain http on
# loopback; anything else served over plain http (a load test on loopback) turns these off explicitly.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
# Behind the reverse proxy that terminates TLS, its X-Forwarded-Proto says whether the client used https and
# the last address it appends to X-Forwarded-For is the client's (without it every login would share the
# proxy's address, and so one rate limit). Trust them only when the app is reachable through the proxy alone.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# 0, not None: with None DRF would trust any X-Forwarded-For a client sends and throttles could be dodged.
REST_FRAMEWORK["NUM_PROXIES"] = env_int("DJANGO_NUM_PROXIES", 1) if BEHIND_PROXY else 0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The issuing body printed on reports and certificates.
BUREAU_NAME = env_str("BUREAU_NAME", "示范省机关事务管理局")
# Where the public reaches this service: printed on certificates and in their QR codes. Unset, it is this
# machine at PORT (the port bin/demo serves on), so a demo on another port prints addresses that open.
PUBLIC_BASE_URL = env_url("PUBLIC_BASE_URL", f"http://127.0.0.1:{env_int('PORT', 8000, low=1, high=65535)}")
# The key of the certificates' verification codes; when unset, derived from SECRET_KEY (see README).
CERTIFICATE_SIGNING_KEY = env_str("CERTIFICATE_SIGNING_KEY") or None
if CERTIFICATE_SIGNING_KEY is not None and len(CERTIFICATE_SIGNING_KEY) < 32:
    raise ImproperlyConfigured("CERTIFICATE_SIGNING_KEY must be at least 32 characters long")
# The Ed25519 key that signs the certificates' credentials and QR codes (docs/credentials.md), written
# kid:base64url-seed; when unset, derived from SECRET_KEY. Rotating it: the old key's public half goes into
# CERTIFICATE_ISSUER_RETIRED_KEYS (kid:base64url-public-key, comma-separated), so what it signed still verifies.
# `manage.py new_issuer_key` writes both.
CERTIFICATE_ISSUER_KEY = env_str("CERTIFICATE_ISSUER_KEY") or None
CERTIFICATE_ISSUER_RETIRED_KEYS = env_list("CERTIFICATE_ISSUER_RETIRED_KEYS")

# Cross-department secondments (README, "Secondments"): the share of a department's cadres that may be out
# at once, and how many of each request's best candidates the global allocation considers.
SECONDMENT_LENDING_PERCENT = env_int("SECONDMENT_LENDING_PERCENT", 20, low=0, high=100)
ALLOCATION_CANDIDATES_PER_REQUEST = env_int("ALLOCATION_CANDIDATES_PER_REQUEST", 50, low=1, high=1000)
# Opt-in mobility: whether a proposal needs the cadre's own agreement before approval (on by default), and the
# points a candidate's expressed interest in a request adds to their score (0: a mark only, no points).
SECONDMENT_NEEDS_CONSENT = env_bool("SECONDMENT_NEEDS_CONSENT", True)
SECONDMENT_INTEREST_POINTS = env_int("SECONDMENT_INTEREST_POINTS", 0, low=0, high=20)

# Every outsourced person's registry entry must be confirmed again within this many days.
VENDOR_RECONFIRM_DAYS = env_int("VENDOR_RECONFIRM_DAYS", 90, low=1, high=3650)

# E-mail: the daily notice digest (`manage.py send_notice_digest`). The console backend prints messages to the
# command's output (the demo); production sets EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and
# the EMAIL_* settings of the bureau's mail server (docs/operations.md).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, low=1, high=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, low=1, high=600)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "talent@localhost")
# Where staff open the workspace: the links in the digest. Unset, the public address above.
WORKSPACE_BASE_URL = env_url("WORKSPACE_BASE_URL", PUBLIC_BASE_URL)

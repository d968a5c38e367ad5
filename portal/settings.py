"""Settings of the portal: every value comes from the environment, with an embedded default.

With nothing set the portal runs on SQLite, eager Celery and the local-memory cache, in debug mode.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from portal.env import as_bool, as_list, database_config, email_config, setting

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = setting("DJANGO_DEBUG", default=True, cast=as_bool, description="Debug mode; 0 in production.")
SECRET_KEY = setting(
    "DJANGO_SECRET_KEY",
    default="",
    description="Secret key (50+ random characters); required when DJANGO_DEBUG=0.",
)
ALLOWED_HOSTS = setting(
    "DJANGO_ALLOWED_HOSTS",
    default=[],
    cast=as_list,
    description="Comma-separated host names the portal answers to; required when DJANGO_DEBUG=0.",
)
# In production the pseudonym key is set apart from the secret key: a rotated secret key would otherwise change
# every pseudonym, and the log could no longer be searched for a person logged before.
DISCLOSURE_PSEUDONYM_KEY = setting(
    "DISCLOSURE_PSEUDONYM_KEY",
    default="",
    description="Key of the HMAC that pseudonymises subject identifiers in the disclosure log; required when "
    "DJANGO_DEBUG=0; empty in development = derived from the secret key.",
)
# The log's keys live in the environment, never in the database: whoever holds the database can neither re-seal a
# changed entry nor sign a checkpoint of a chain head it moved (README, "Verifying the log").
DISCLOSURE_CHAIN_KEYS = setting(
    "DISCLOSURE_CHAIN_KEYS",
    default=[],
    cast=as_list,
    description="Keys of the HMAC that chains the disclosure log, comma-separated id:key (id: 1-16 letters, digits, "
    "- or _; key: 32+ characters); the first seals new entries, the others still verify the entries they sealed; "
    "required when DJANGO_DEBUG=0; empty in development = one key derived from the secret key.",
)
DISCLOSURE_CHECKPOINT_KEY = setting(
    "DISCLOSURE_CHECKPOINT_KEY",
    default="",
    description="Ed25519 private key (base64 of its 32 bytes) that signs the checkpoints of the log's chain head; "
    "required when DJANGO_DEBUG=0; empty in development = derived from the secret key.",
)
DISCLOSURE_CHECKPOINT_TRUSTED_KEYS = setting(
    "DISCLOSURE_CHECKPOINT_TRUSTED_KEYS",
    default=[],
    cast=as_list,
    description="Public keys (base64) of earlier checkpoint signing keys, comma-separated: their checkpoints still "
    "count after a rotation (the current key's own public key is always trusted).",
)
DISCLOSURE_CHECKPOINT_DIR = setting(
    "DISCLOSURE_CHECKPOINT_DIR",
    default="",
    description="Directory the signed checkpoints are written to, one new file each (never rewritten), on the "
    "application host, not writable by the database; required when DJANGO_DEBUG=0; empty in development = "
    "var/checkpoints.",
)
DISCLOSURE_CHECKPOINT_MINUTES = setting(
    "DISCLOSURE_CHECKPOINT_MINUTES",
    default=15,
    cast=int,
    description="Minutes between two scheduled checkpoints of the chain head (Celery beat).",
)
if not DEBUG:
    missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY),
            ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
            ("DISCLOSURE_PSEUDONYM_KEY", DISCLOSURE_PSEUDONYM_KEY),
            ("DISCLOSURE_CHAIN_KEYS", DISCLOSURE_CHAIN_KEYS),
            ("DISCLOSURE_CHECKPOINT_KEY", DISCLOSURE_CHECKPOINT_KEY),
            ("DISCLOSURE_CHECKPOINT_DIR", DISCLOSURE_CHECKPOINT_DIR),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(f"DJANGO_DEBUG=0 needs {' and '.join(missing)} to be set.")
else:
    SECRET_KEY = SECRET_KEY or "django-insecure-embedded-default-only-for-local-development-0123456789"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver", "[::1]"]
    DISCLOSURE_CHECKPOINT_DIR = DISCLOSURE_CHECKPOINT_DIR or str(BASE_DIR / "var" / "checkpoints")

DATABASE_URL = setting(
    "DATABASE_URL",
    default="",
    description="postgres://user:password@host:port/name; empty = SQLite file db.sqlite3 in the project folder.",
)
REDIS_URL = setting(
    "REDIS_URL",
    default="",
    description="redis://host:port/db for the cache and the Celery broker; empty = local-memory cache, eager Celery.",
)
CACHE_KEY_PREFIX = setting("CACHE_KEY_PREFIX", default="portal", description="Prefix of every cache key.")
SECURE_PROXY_SSL = setting(
    "DJANGO_SECURE_PROXY_SSL",
    default=False,
    cast=as_bool,
    description="1 when a reverse proxy terminates TLS and sets X-Forwarded-Proto.",
)
SSL_REDIRECT = setting(
    "DJANGO_SSL_REDIRECT",
    default=not DEBUG,
    cast=as_bool,
    description="Redirect plain HTTP to HTTPS (default on when DJANGO_DEBUG=0; off when the proxy does it).",
)
UPLOAD_MAX_MB = setting(
    "PORTAL_UPLOAD_MAX_MB",
    default=20,
    cast=int,
    description="Largest file staff may upload in the admin, in MB (larger ones go through the commands).",
)
IMPORT_STALE_AFTER_MINUTES = setting(
    "PORTAL_IMPORT_STALE_AFTER_MINUTES",
    default=360,
    cast=int,
    description="An import (repertory or DmfA) still running after this many minutes is taken as interrupted and "
    "marked failed.",
)
EMPLOYER_LOOKUP_RATE_LIMITS = setting(
    "PORTAL_EMPLOYER_LOOKUP_RATE_LIMITS",
    default="20/m,200/d",
    description="Employer-category look-ups allowed per client, comma-separated count/period (s, m, h or d).",
)
API_JSON_MAX_BYTES = setting(
    "PORTAL_API_JSON_MAX_BYTES",
    default=1024 * 1024,
    cast=int,
    description="Largest JSON body the API reads, in bytes (a larger one is answered 413).",
)
API_JSON_MAX_DEPTH = setting(
    "PORTAL_API_JSON_MAX_DEPTH",
    default=20,
    cast=int,
    description="Deepest nesting of arrays and objects a JSON body may have (a deeper one is answered 400).",
)
API_THROTTLE_RATES = {
    "anon": setting(
        "PORTAL_API_THROTTLE_ANON",
        default="120/min",
        description="API requests allowed per anonymous client (IP address), count/period (s, min, h or day).",
    ),
    "user": setting(
        "PORTAL_API_THROTTLE_USER", default="600/min", description="API requests allowed per logged-in user."
    ),
    "calculations": setting(
        "PORTAL_API_THROTTLE_CALCULATIONS",
        default="30/min",
        description="Calls of the CPU-heavy /api/v1/calculations/ allowed per user or anonymous client.",
    ),
}
EMAIL_URL = setting("EMAIL_URL", default="", description="smtp://user:password@host:port; empty = console e-mail.")
DEFAULT_FROM_EMAIL = setting(
    "DEFAULT_FROM_EMAIL", default="no-reply@front-office.local", description="Sender of the portal's e-mail."
)
PORTAL_BASE_URL = setting(
    "PORTAL_BASE_URL",
    default="http://127.0.0.1:8000",
    description="Address of the portal as users reach it (scheme and host), for the links in e-mails sent by tasks.",
)
REEVALUATION_DELAY_SECONDS = setting(
    "PORTAL_REEVALUATION_DELAY_SECONDS",
    default=300,
    cast=int,
    description="Seconds between a publication of rule changes and the re-evaluation of the saved scenarios (a change "
    "reverted within them moves nothing).",
)
EID_OIDC_SERVER_URL = setting(
    "EID_OIDC_SERVER_URL",
    default="",
    description="OpenID Connect issuer for eID log-in of job seekers; empty = eID log-in not offered.",
)

INSTALLED_APPS = [
    "modeltranslation",  # measures: translated fields; must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "rest_framework",
    "rest_framework.authtoken",  # kept for its migrations only (authz 0008): its tokens no longer authenticate
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "csp",
    "foundation",  # the ground floor: template filters, import jobs' progress page and stale-job recovery
    "portal",
    "authz",
    "repertory",
    "measures",
    "dmfa",
    "jobseekers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.RequestIdMiddleware",
    # Before the session, locale, CSRF and authentication: a repeated anonymous page costs two cache reads.
    "portal.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "authz.middleware.GateMiddleware",
    "authz.middleware.RefusalCountMiddleware",
    "portal.middleware.PersonalDataNoStoreMiddleware",
]

ROOT_URLCONF = "portal.urls"
# Widgets in Python with the markup of Django's templates: a page of 50 calculator hires renders 800 of them.
FORM_RENDERER = "portal.form_rendering.PythonWidgetRenderer"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
                "authz.context_processors.acting_for",
            ],
        },
    },
]

if DATABASE_URL:
    DATABASES = {"default": database_config(DATABASE_URL)}
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    CACHES = {
        "default": {
            # Bypassed while Redis is down (a miss, pages still served); short timeouts so that a request does not hang.
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# Celery: a real Redis broker when REDIS_URL is set, otherwise tasks run eagerly in the caller.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TRACK_STARTED = True
CELERY_TIMEZONE = "Europe/Brussels"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 2}

AUTH_USER_MODEL = "authz.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"  # each role lands on its own first page

# django-allauth: log in by e-mail, verified e-mail required, MFA for everyone who wants it.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "10/m/ip",
    "reset_password": "5/m/ip,3/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Front Office] "
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Front Office Tewerkstelling"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
SOCIALACCOUNT_ONLY = False
# eID log-in of job seekers (jobseekers.eid): django-allauth's OpenID Connect provider with PKCE, a nonce and a fully
# validated ID token; offered only when EID_OIDC_SERVER_URL is set. An eID account is never linked to another by
# e-mail and has no e-mail address of its own; its INSZ comes from the configured claim.
SOCIALACCOUNT_ADAPTER = "jobseekers.eid.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_STORE_TOKENS = False
#: Social providers whose log-in the gate counts as strong authentication, like MFA used in the session.
AUTHZ_STRONG_LOGIN_PROVIDERS = ["eid"]
EID_OIDC_ACR_VALUES = setting(
    "EID_OIDC_ACR_VALUES",
    default="",
    description="acr_values asked of the eID provider (at FAS a level such as urn:be:fedict:iam:fas:Level500); "
    "empty = none.",
)
SOCIALACCOUNT_PROVIDERS = {
    "eid": {
        "APPS": [
            {
                "provider_id": "eid",
                "name": "eID",
                "client_id": setting("EID_OIDC_CLIENT_ID", default="", description="Client id at the eID provider."),
                "secret": setting(
                    "EID_OIDC_CLIENT_SECRET", default="", description="Client secret at the eID provider."
                ),
                "settings": {
                    "server_url": EID_OIDC_SERVER_URL,
                    "oauth_pkce_enabled": True,
                    "email_authentication": False,
                    "scope": setting(
                        "EID_OIDC_SCOPES",
                        default=["openid", "profile", "egovnrn"],
                        cast=as_list,
                        description="Comma-separated scopes asked of the eID provider.",
                    ),
                    "insz_claim": setting(
                        "EID_OIDC_INSZ_CLAIM",
                        default="egovNRN",
                        description="The claim that carries the national register (or BIS) number.",
                    ),
                    "given_name_claim": setting(
                        "EID_OIDC_GIVEN_NAME_CLAIM", default="givenName", description="The claim with the given name."
                    ),
                    "surname_claim": setting(
                        "EID_OIDC_SURNAME_CLAIM", default="surname", description="The claim with the surname."
                    ),
                    "fetch_userinfo": setting(
                        "EID_OIDC_FETCH_USERINFO",
                        default=True,
                        cast=as_bool,
                        description="Also read the userinfo endpoint (0 when the provider answers it as a JWT).",
                    ),
                    "auth_params": {"acr_values": EID_OIDC_ACR_VALUES} if EID_OIDC_ACR_VALUES else {},
                },
            }
        ]
        if EID_OIDC_SERVER_URL
        else []
    }
}

if EMAIL_URL:
    globals().update(email_config(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = BASE_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # django-rest-knox: "Authorization: Token <key>", only a digest of the key in the database.
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Every JSON body with its size and depth limited (foundation.parsers); forms as DRF has them.
    "DEFAULT_PARSER_CLASSES": [
        "foundation.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Applied to every endpoint (portal.throttles: the rates are read from API_THROTTLE_RATES at each request).
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.throttles.AnonRateThrottle",
        "portal.throttles.UserRateThrottle",
        "portal.throttles.ScopedRateThrottle",
    ],
}
# API keys: issued on /<lang>/my-data/api-token/ only (authz.services.issue_api_token), with no expiry of their own.
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False}
SPECTACULAR_SETTINGS = {
    "TITLE": "Front Office Tewerkstelling API",
    "DESCRIPTION": "Employment-promotion measures, employer repertory, DmfA consultation and benefit calculation.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package, served from static/: no CDN, nothing the CSP has to allow.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Security headers; the deploy ones switch on with DJANGO_DEBUG=0.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = SSL_REDIRECT
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if SECURE_PROXY_SSL:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"portal": {"level": "INFO"}, "authz": {"level": "INFO"}},
}

CELERY_BEAT_SCHEDULE = {
    # Incremental (from the latest signed checkpoint); `manage.py verify_disclosures` recomputes the whole chain.
    "verify-disclosure-log": {"task": "authz.verify_disclosures", "schedule": 6 * 3600},
    # The disclosure log's monthly partitions on PostgreSQL, made months ahead (idempotent).
    "add-disclosure-log-partitions": {"task": "authz.add_disclosure_partitions", "schedule": 24 * 3600},
    "checkpoint-disclosure-log": {
        "task": "authz.checkpoint_disclosures",
        "schedule": DISCLOSURE_CHECKPOINT_MINUTES * 60,
    },
    "fail-stale-imports": {"task": "foundation.fail_stale_imports", "schedule": 15 * 60},  # every importer's jobs
}

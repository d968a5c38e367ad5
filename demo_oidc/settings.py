"""Settings of the demo OpenID Connect provider (a separate Django project; never the portal's settings)."""

import os
from pathlib import Path

DATA_DIR = Path(os.environ.get("DEMO_OIDC_DATA_DIR", "/tmp/demo-oidc"))  # noqa: S108 (a demo's scratch folder)
DEBUG = False
SECRET_KEY = os.environ.get("DEMO_OIDC_SECRET_KEY", "demo-oidc-provider-not-for-production-0123456789abcdef")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "demo_oidc.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "demo_oidc",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "provider.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/login/"
# The portal (the relying party) and the provider may share the host name 127.0.0.1 in a browser: the session
# cookies must not overwrite each other.
SESSION_COOKIE_NAME = "demo_oidc_session"
CSRF_COOKIE_NAME = "demo_oidc_csrftoken"

_key_file = DATA_DIR / "signing-key.pem"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _key_file.read_text() if _key_file.exists() else "",
    "OIDC_ISS_ENDPOINT": os.environ.get("DEMO_OIDC_ISSUER", ""),
    "PKCE_REQUIRED": True,
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Names",
        "egovnrn": "National register number",
    },
    "OAUTH2_VALIDATOR_CLASS": "demo_oidc.validators.CitizenValidator",
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "ID_TOKEN_EXPIRE_SECONDS": 300,
    # The portal's test server answers at localhost on a free port: any port, as for 127.0.0.1 (RFC 8252 §7.3).
    "ALLOW_LOCALHOST_LOOPBACK": True,
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

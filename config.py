"""Configuration classes for the portal.

Every setting a deployment changes comes from the environment. A `DATABASE_URL` that is set
wins in every configuration; production refuses to start without a `SECRET_KEY` and a shared
rate-limit store, because several instances serve the same users.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("PORTAL_INSTANCE_DIR", BASE_DIR / "instance"))


def database_url(default: str) -> str:
    """The database URL: `DATABASE_URL` if set, otherwise `default`.

    Hosting platforms hand out `postgres://` URLs; SQLAlchemy needs the psycopg 3 dialect named.
    """
    url = os.environ.get("DATABASE_URL") or default
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _development_secret_key() -> str:
    """A random key kept under instance/ so a developer's sessions survive a restart."""
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def rate_limit_store() -> str:
    """Where rate-limit counters live: RATELIMIT_STORAGE_URI if set, else REDIS_URL, else this
    process's memory (one instance only: development and the embedded SQLite default)."""
    return os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"


class Config:
    """Settings shared by every configuration."""

    ENV_NAME = "base"
    # hide_parameters: a database error never prints the values (a child's name, a caption,
    # a password hash) into a log or an exception.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {
        "pool_pre_ping": True,
        "hide_parameters": True,
    }
    SQLALCHEMY_RECORD_QUERIES = False

    # Sessions live in the database (portal/sessions.py); the cookie only carries an id.
    SESSION_COOKIE_NAME = "portal_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    STAFF_IDLE_TIMEOUT = timedelta(minutes=30)
    STAFF_ABSOLUTE_TIMEOUT = timedelta(hours=10)
    PARTICIPANT_IDLE_TIMEOUT = timedelta(minutes=30)
    PARTICIPANT_ABSOLUTE_TIMEOUT = timedelta(hours=4)
    # A half-finished sign-in (password accepted, code not yet typed) lasts this long.
    SIGN_IN_STEP_TIMEOUT = timedelta(minutes=5)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the server-side session
    WTF_CSRF_HEADERS: ClassVar[list[str]] = ["X-CSRFToken"]
    MAX_CONTENT_LENGTH = 1 * 1024 * 1024
    # Pictures and voice messages (portal/security.py raises the limit for that route only).
    UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    # Static URLs carry a content fingerprint (portal/templating.py), so they can be cached.
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(days=7)

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # A moving window: a burst across a minute's boundary cannot get twice the allowance.
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_SIGN_IN = "10 per minute; 50 per hour"
    RATELIMIT_INVITATION = "20 per minute; 100 per hour"
    # Typed invitation codes from every address together. A code is one of 29^12, so this stops
    # a guesser spread over many addresses; most people open their letter's link or QR code.
    RATELIMIT_CODES_FROM_EVERYONE = "300 per 10 minutes"
    # The public self-referral page, per address.
    RATELIMIT_SELF_REFERRAL = "5 per hour; 20 per day"
    # Pictures and recordings, per invitation (whatever address they come from).
    RATELIMIT_UPLOAD = "20 per minute; 60 per hour"
    # Pictures and recordings decoded at once in one process, and how long one waits its turn.
    MEDIA_DECODES_AT_ONCE = 2
    MEDIA_DECODE_WAIT_SECONDS = 20.0
    # An account locks for a while after this many failed sign-ins in a row.
    SIGN_IN_LOCKOUT_AFTER = 10
    SIGN_IN_LOCKOUT = timedelta(minutes=15)

    # Argon2id parameters (RFC 9106 second recommended option: 64 MiB, 3 passes).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 4

    HSTS = False
    # Commits wait for the disk (SQLite synchronous=FULL). Only the test suite turns this off.
    DATABASE_DURABLE_COMMITS = True
    DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}"

    def __init__(self) -> None:
        """Read the environment when a configuration is made, not when this module is imported."""
        env = os.environ.get
        self.SQLALCHEMY_DATABASE_URI = database_url(self.DEFAULT_DATABASE_URL)
        self.RATELIMIT_STORAGE_URI = rate_limit_store()
        self.BASE_URL = env("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
        # An invitation keeps working this long after its review's date (feedback comes after).
        self.INVITATION_DAYS_AFTER_REVIEW = int(env("INVITATION_DAYS_AFTER_REVIEW", "28"))
        self.QUICK_EXIT_URL = env("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
        # Feedback on a review can be given for this many days after it was held.
        self.FEEDBACK_DAYS = int(env("FEEDBACK_DAYS", "28"))
        # After sending, a young person can change their answers until this long before the review.
        self.PACK_LOCK_DAYS_BEFORE_REVIEW = int(env("PACK_LOCK_DAYS_BEFORE_REVIEW", "2"))
        self.MAIL_SERVER = env("MAIL_SERVER", "127.0.0.1")
        self.MAIL_PORT = int(env("MAIL_PORT", "25"))
        self.MAIL_USE_TLS = env("MAIL_USE_TLS", "") == "1"
        self.MAIL_USERNAME = env("MAIL_USERNAME")
        self.MAIL_PASSWORD = env("MAIL_PASSWORD")
        self.MAIL_FROM = env("MAIL_FROM", "review-portal@localhost")
        self.STORAGE_BACKEND = env("STORAGE_BACKEND", "local")
        self.STORAGE_PATH = env("STORAGE_PATH", str(INSTANCE_DIR / "uploads"))
        # STORAGE_BACKEND=s3: the bucket, a prefix for the portal's objects, and (for an
        # S3-compatible store other than AWS) its address; credentials as boto3 finds them.
        self.S3_BUCKET = env("S3_BUCKET", "")
        self.S3_PREFIX = env("S3_PREFIX", "uploads/")
        self.S3_ENDPOINT_URL = env("S3_ENDPOINT_URL") or None
        self.S3_REGION = env("S3_REGION") or None
        self.PROXY_FIX_X_FOR = int(env("PROXY_FIX_X_FOR", "0"))
        self.LOG_LEVEL = env("LOG_LEVEL", "INFO")
        # "json": one JSON object per line (production's default), else plain text.
        self.LOG_FORMAT = env("LOG_FORMAT", "text")
        # A manager who records why may read a review's IRO-only section for this long.
        self.PRIVATE_ACCESS_MINUTES = int(env("PRIVATE_ACCESS_MINUTES", "60"))
        # A safety alert nobody has acknowledged after this long goes to the managers.
        self.ALERT_ESCALATION_MINUTES = int(env("ALERT_ESCALATION_MINUTES", "60"))
        # The public request page refuses a form sent sooner than this after it was shown
        # (people take longer; scripts do not).
        self.SELF_REFERRAL_MIN_SECONDS = float(env("SELF_REFERRAL_MIN_SECONDS", "3"))


class DevelopmentConfig(Config):
    ENV_NAME = "development"

    @property
    def SECRET_KEY(self) -> str:
        return os.environ.get("SECRET_KEY") or _development_secret_key()


class TestConfig(Config):
    ENV_NAME = "test"
    __test__ = False  # not a pytest test class, whatever its name says
    TESTING = True
    SECRET_KEY = "test-only-secret-key-not-for-use-anywhere-else"  # noqa: S105
    DEFAULT_DATABASE_URL = "sqlite://"
    DATABASE_DURABLE_COMMITS = False
    # Fast hashing keeps the suite quick; production uses the Config values.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8 * 1024
    ARGON2_PARALLELISM = 1

    def __init__(self) -> None:
        super().__init__()
        self.BASE_URL = "http://portal.test"
        self.RATELIMIT_STORAGE_URI = "memory://"


class ProductionConfig(Config):
    ENV_NAME = "production"
    # __Host-: the browser only accepts it over HTTPS, from this host, for every path, so no
    # other site or subdomain can set or overwrite it.
    SESSION_COOKIE_NAME = "__Host-portal_session"
    SESSION_COOKIE_SECURE = True
    HSTS = True
    PREFERRED_URL_SCHEME = "https"

    def __init__(self) -> None:
        super().__init__()
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(
                "Production configuration needs these environment variables: " + ", ".join(missing)
            )
        if rate_limit_store().startswith("memory://"):
            raise RuntimeError(
                "Rate limits must be counted in a store every instance shares: set REDIS_URL"
                " (or RATELIMIT_STORAGE_URI, e.g. redis://...)"
            )
        self.SECRET_KEY = os.environ["SECRET_KEY"]
        self.LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}

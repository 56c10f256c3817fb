"""`flask --app wsgi check-config`: what in this configuration would be unsafe in production.

Each finding is "unsafe" (must be fixed before children's data goes near it) or "advice".
Production already refuses to start without a secret key, a database URL and a shared
rate-limit store (config.py); this checks what it cannot refuse outright.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from config import TestConfig

UNSAFE, ADVICE = "unsafe", "advice"
MIN_SECRET_LENGTH = 32
ARGON2_MIN_MEMORY_KIB = 19 * 1024  # OWASP's lowest recommended Argon2id memory


@dataclass(frozen=True)
class Finding:
    level: str
    setting: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.setting}: {self.message}"


def findings(app: Flask) -> list[Finding]:
    config = app.config
    found = [*_secrets(config), *_storage(config), *_web(config), *_mail(config)]
    if config.get("ARGON2_MEMORY_COST", 0) < ARGON2_MIN_MEMORY_KIB:
        found.append(Finding(UNSAFE, "ARGON2_MEMORY_COST", "passwords are hashed too cheaply"))
    if not config.get("DATABASE_DURABLE_COMMITS", True):
        found.append(Finding(UNSAFE, "DATABASE_DURABLE_COMMITS", "commits may be lost in a crash"))
    if str(config.get("LOG_LEVEL", "")).upper() == "DEBUG":
        found.append(Finding(ADVICE, "LOG_LEVEL", "DEBUG logs more than a live service needs"))
    return found


def _secrets(config: dict) -> list[Finding]:
    secret = str(config.get("SECRET_KEY") or "")
    if secret == TestConfig.SECRET_KEY or len(secret) < MIN_SECRET_LENGTH:
        return [
            Finding(UNSAFE, "SECRET_KEY", f"use a random value of {MIN_SECRET_LENGTH}+ characters")
        ]
    return []


def _storage(config: dict) -> list[Finding]:
    found = []
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        found.append(
            Finding(
                ADVICE, "DATABASE_URL", "SQLite serves one instance; use PostgreSQL for several"
            )
        )
    if str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        found.append(
            Finding(
                UNSAFE,
                "RATELIMIT_STORAGE_URI",
                "limits counted in memory are per process: set REDIS_URL",
            )
        )
    if config.get("STORAGE_BACKEND") == "s3" and not config.get("S3_BUCKET"):
        found.append(Finding(UNSAFE, "S3_BUCKET", "STORAGE_BACKEND is s3 but no bucket is named"))
    if config.get("STORAGE_BACKEND") == "local":
        found.append(
            Finding(
                ADVICE, "STORAGE_BACKEND", "files on local disk are not seen by other instances"
            )
        )
    return found


def _web(config: dict) -> list[Finding]:
    found = []
    if not str(config.get("BASE_URL", "")).startswith("https://"):
        found.append(Finding(UNSAFE, "BASE_URL", "links in letters and emails must use https://"))
    if not config.get("SESSION_COOKIE_SECURE"):
        found.append(
            Finding(UNSAFE, "SESSION_COOKIE_SECURE", "session cookies would travel over http")
        )
    if not config.get("HSTS"):
        found.append(Finding(UNSAFE, "HSTS", "browsers are not told to insist on https"))
    if not str(config.get("QUICK_EXIT_URL", "")).startswith("https://"):
        found.append(
            Finding(UNSAFE, "QUICK_EXIT_URL", "the quick exit must leave for an https:// site")
        )
    if not config.get("PROXY_FIX_X_FOR"):
        found.append(
            Finding(
                ADVICE,
                "PROXY_FIX_X_FOR",
                "behind nginx, set it to 1 so limits count each person's address, not the proxy's",
            )
        )
    return found


def _mail(config: dict) -> list[Finding]:
    server = str(config.get("MAIL_SERVER", ""))
    if server not in {"127.0.0.1", "localhost"} and not config.get("MAIL_USE_TLS"):
        return [Finding(UNSAFE, "MAIL_USE_TLS", f"mail to {server} would travel unencrypted")]
    if str(config.get("MAIL_FROM", "")).endswith("@localhost"):
        return [
            Finding(ADVICE, "MAIL_FROM", "emails would come from an address nobody can reply to")
        ]
    return []

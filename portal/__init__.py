"""The review participation portal: the application factory."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, CONFIGS, INSTANCE_DIR, Config
from portal.logs import configure as configure_logs
from portal.logs import redact


def create_app(
    config: str | Config | type[Config] | None = None, overrides: Mapping[str, Any] | None = None
) -> Flask:
    """Build the app. `config` is a name ("development", "test", "production"), a config class
    or instance; without one, `PORTAL_ENV` decides (development by default). `overrides` win
    over everything (tests use them to pick the database)."""
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=False)
    app.config.from_object(_config_object(config))
    if overrides:
        app.config.update(overrides)

    _configure_logging(app)
    if app.config["PROXY_FIX_X_FOR"]:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1, x_host=1
        )

    from portal import database, errors, i18n, logs, security, templating
    from portal.extensions import babel, csrf, db, limiter, login_manager, migrate
    from portal.sessions import DatabaseSessionInterface

    # First, so even a request refused by CSRF or the rate limiter has an id and is logged.
    security.init_app(app)
    logs.init_app(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    app.session_interface = DatabaseSessionInterface()

    templating.init_app(app)
    errors.init_app(app)

    from portal.health import blueprint as health_blueprint
    from portal.participate import blueprint as participate_blueprint
    from portal.staff import blueprint as staff_blueprint

    app.register_blueprint(health_blueprint)
    app.register_blueprint(participate_blueprint)
    app.register_blueprint(staff_blueprint, url_prefix="/staff")

    @app.get("/favicon.ico")
    def favicon() -> Any:
        """Browsers ask for it whatever a page's <link> says: answered, so no console shows a
        404 and no error page is rendered for it."""
        return app.send_static_file("favicon.ico")

    from portal import cli

    cli.init_app(app)
    return app


def _config_object(config: str | Config | type[Config] | None) -> Config:
    if config is None:
        config = os.environ.get("PORTAL_ENV", "development")
    if isinstance(config, str):
        if config not in CONFIGS:
            raise RuntimeError(f"Unknown configuration {config!r}: use one of {sorted(CONFIGS)}")
        config = CONFIGS[config]
    return config() if isinstance(config, type) else config


class _RedactInvitationTokens(logging.Filter):
    """Access logs must not hold invitation links: a logged link is a working key."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def _configure_logging(app: Flask) -> None:
    app.logger.setLevel(app.config["LOG_LEVEL"])
    configure_logs(app)
    # WeasyPrint warns about every screen-only CSS rule in the shared stylesheet, for every PDF.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    werkzeug_logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, _RedactInvitationTokens) for f in werkzeug_logger.filters):
        werkzeug_logger.addFilter(_RedactInvitationTokens())

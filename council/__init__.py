"""The conseil citoyen web application."""

from __future__ import annotations

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

from council.config import DEFAULT_INSTANCE_PATH, PROJECT_ROOT, load_config

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
}


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config → extensions → blueprints → CLI → error handlers."""
    import os

    instance_path = os.environ.get("COUNCIL_INSTANCE_PATH", str(DEFAULT_INSTANCE_PATH))
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    from council.http import CouncilRequest, IdConverter

    app.request_class = CouncilRequest
    app.url_map.converters["int"] = IdConverter  # before any route: ids out of range are 404s
    load_config(app, config)
    from council.links import configure_trusted_hosts

    configure_trusted_hosts(app)
    if app.config["PROXY_FIX"]:
        # One proxy in front; it must overwrite these headers (README, "Deploying"). A forwarded
        # host is still checked against TRUSTED_HOSTS in production, and links never use it.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    _init_extensions(app)
    _register_blueprints(app)
    _register_template_helpers(app)

    from council import cli, errors

    cli.init_app(app)
    errors.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    import council.models  # noqa: F401  (every model, for migrations and the CLI)
    from council.database import (
        configure_sqlite,
        include_in_autogenerate,
        render_migration_item,
        writes_expected,
    )
    from council.extensions import babel, csrf, db, limiter, login_manager, mail, migrate, talisman

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "council" / "migrations"),
                     render_as_batch=True, render_item=render_migration_item,
                     include_object=include_in_autogenerate)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app)
    mail.init_app(app)
    from council import cache

    cache.init_app(app)
    production = app.config["PRODUCTION"]
    talisman.init_app(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        force_https=app.config.get("FORCE_HTTPS", False),
        strict_transport_security=production,
        session_cookie_secure=production,
        session_cookie_http_only=True,
        referrer_policy="same-origin",
        frame_options="DENY",
    )

    @app.before_request
    def _mark_read_only_requests():
        g.writes_token = writes_expected.set(request.method not in ("GET", "HEAD", "OPTIONS"))

    @app.after_request
    def _never_store_pages(response):
        """Pages and files are never kept by browsers or proxies (ASVS 8.2.1): most show someone's
        data or echo what a person typed. Static files, and feeds that set their own revalidation,
        keep their headers."""
        if request.endpoint != "static" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.teardown_request
    def _forget_read_only_mark(_error):
        token = g.pop("writes_token", None)
        if token is not None:
            writes_expected.reset(token)

    _scope_requests_to_their_council(app)  # after the read-only mark: its query begins a transaction


def _scope_requests_to_their_council(app: Flask) -> None:
    """Every request serves the council of its host (404 for a host no council answers on), and
    every ORM query of council-owned rows is scoped to it (``council.tenancy``)."""
    from flask import abort
    from flask_sqlalchemy.session import Session
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from council.councils.hosts import council_for_host
    from council.extensions import db
    from council.links import request_host
    from council.tenancy import install_scoping, use_council

    install_scoping(Session)
    from council.councils import public_cache

    public_cache.install(Session)
    from council.councils.hosts import trust_council_hosts

    trust_council_hosts(app)
    if app.config["PRODUCTION"]:
        from council.tenancy import check_database_role

        check_database_role(app)

    @app.before_request
    def _resolve_council():
        if request.endpoint == "static":
            return
        try:
            found = council_for_host(request_host())
        except (OperationalError, ProgrammingError):
            db.session.rollback()  # no schema yet: the error pages still answer, from the settings
            return
        if found is None:
            abort(404)
        council, primary_host = found
        use_council(council.id, row=council)
        g.council_host = primary_host


def _register_blueprints(app: Flask) -> None:
    from council.admin import bp as admin_bp
    from council.auth import bp as auth_bp
    from council.councils.views import bp as councils_bp
    from council.dashboard import bp as dashboard_bp
    from council.meetings import bp as meetings_bp
    from council.membership import bp as membership_bp
    from council.observations import bp as observations_bp
    from council.opinions import bp as opinions_bp
    from council.partners import bp as partners_bp
    from council.platform import bp as platform_bp
    from council.privacy import bp as privacy_bp
    from council.public import bp as public_bp

    for blueprint in (public_bp, auth_bp, membership_bp, meetings_bp, opinions_bp, admin_bp,
                      observations_bp, privacy_bp, dashboard_bp, councils_bp, partners_bp,
                      platform_bp):
        app.register_blueprint(blueprint)


def _register_template_helpers(app: Flask) -> None:
    from council import dates

    app.add_template_filter(dates.format_day, "fr_date")
    app.add_template_filter(dates.format_moment, "fr_datetime")
    app.add_template_filter(dates.format_span, "fr_span")

    from council import french

    app.add_template_filter(french.de, "de")
    app.add_template_filter(french.de_person, "de_person")
    app.add_template_filter(french.a, "a")
    app.add_template_filter(french.le, "le")
    app.add_template_filter(french.agree, "agree")
    app.add_template_global(french.plural, "plural")

    from council import navigation
    from council.links import absolute_url

    app.add_template_global(absolute_url, "absolute_url")

    from council.councils.services import current_council

    @app.context_processor
    def _council_identity():
        council = current_council()  # the stored profile (the settings before it is stored)
        return {
            "navigation": navigation.visible_items,
            "council": council,
            "council_name": council.name,
            "city_name": council.city,
            "contact_email": council.contact_email,
        }

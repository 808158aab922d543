"""Settings: defaults here, then ``instance/config.py``, then ``COUNCIL_*`` / ``DATABASE_URL``.

Council-specific facts (name, city, neighbourhoods, contact, minimum age and the other rules a
council decides) are settings only for the first start: ``flask --app council init`` stores them
as the council's profile, which admins then edit in the browser (/admin/conseil). Once stored,
the profile is the truth; read it through ``council.councils.services``, never from here.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE_PATH = PROJECT_ROOT / "instance"


class ConfigurationError(RuntimeError):
    """Raised when the app is asked to start with an unsafe or incomplete configuration."""


# The settings naming a processor (RGPD art. 28), with the role the personal-data page gives it.
PROCESSOR_SETTINGS = {
    "HOSTING_PROVIDER": "l'hébergeur du site",
    "MAIL_PROVIDER": "le service qui envoie les e-mails du site",
}


class Defaults:
    """Development-friendly defaults. Production overrides them through the environment."""

    # Council identity: the first values of the stored profile (council.councils), read once
    COUNCIL_NAME = "Conseil citoyen d'Argentan"
    CITY_NAME = "Argentan"
    CONTACT_EMAIL = "ccargentan@laposte.net"
    NEIGHBOURHOODS = [
        ["saint-michel-vallee-d-auge", "Saint-Michel – Vallée d'Auge"],
        ["les-provinces", "Les Provinces"],
    ]
    MINIMUM_AGE = 16
    SUPPORT_NAME = "l'Espace Xavier Rousseau"  # who supports the council, with its article
    SUPPORT_CONTACT = ""  # its public address, telephone or site, when it gives one
    PREFECTURE = "la préfecture de l'Orne"  # with its article: « transmise à la préfecture de l'Orne »
    PREFECT = "le préfet de l'Orne"  # with its article: « adressée au préfet de l'Orne »
    CONTRACT_SIGNED_ON = "2015-07-03"  # the contrat de ville's dates (YYYY-MM-DD, or "")
    CONTRACT_RENEWED_ON = ""
    CONTRACT_ENDS_ON = ""
    HOME_INTRO = ""  # text blocks of the home page; empty: a sentence built from the profile
    HOME_ABOUT = ""
    # The data controller the personal-data page names (empty: the council itself, at its
    # CONTACT_EMAIL), and whom to write to about personal data (DPO or référent; empty: the same)
    DATA_CONTROLLER_NAME = ""  # with its article: « l'association Conseil citoyen d'Argentan »
    DATA_CONTROLLER_ADDRESS = ""
    PRIVACY_CONTACT = ""
    # The public name: every absolute link (e-mails, feeds, .ics) and the calendar UIDs use it,
    # never the request's Host; in production it is also the only Host accepted (TRUSTED_HOSTS)
    SITE_HOST = "localhost"
    PREFERRED_URL_SCHEME = "http"  # scheme of absolute links; production forces https
    TRUSTED_HOSTS: list[str] = []  # extra names accepted besides SITE_HOST (e.g. www.)

    # Flask and extensions
    PRODUCTION = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "council_session"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    MAX_CONTENT_LENGTH = 1024 * 1024
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # PostgreSQL: the app (DATABASE_URL) connects as a role that owns no table, so that row-level
    # security applies to it; `flask db upgrade` connects as the tables' owner named here (README,
    # "Deploying"). Empty: migrations use DATABASE_URL (SQLite, or one role for everything).
    MIGRATION_DATABASE_URL = ""
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    RATELIMIT_ENABLED = True  # set per app: Flask-Limiter would otherwise keep the last app's value
    # Where the rate limits count. memory:// counts in each worker process (N workers on M
    # machines: N×M times the limit), so production refuses it unless RATELIMIT_ALLOW_MEMORY says
    # one process serves; several workers or machines share redis://host:6379/0.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ALLOW_MEMORY = False
    # Redis unreachable: a rate-limited form is refused with a French 503 (fail closed), never
    # served without its limit nor counted in memory (Flask-Limiter's fallback, off here).
    RATELIMIT_SWALLOW_ERRORS = False
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = False
    RATELIMIT_STORAGE_TIMEOUT_SECONDS = 2  # a Redis that does not answer within this is down
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_RATE_LIMIT = "10 per minute; 50 per hour"  # failed sign-ins per address (all accounts)
    LOGIN_ACCOUNT_RATE_LIMIT = "5 per minute; 20 per hour"  # …on one account from one address
    PASSWORD_RESET_HOURS = 2
    EMAIL_CHANGE_HOURS = 24  # how long the link confirming a new login e-mail stays valid
    IDLE_TIMEOUT_MINUTES = 60
    REAUTH_MINUTES = 10
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    MAIL_BACKEND = "console"
    MAIL_DEFAULT_SENDER = "ccargentan@laposte.net"
    # Retention periods (RGPD), in days; `flask --app council purge` applies them
    RETENTION_PENDING_APPLICATION_DAYS = 183  # 6 months without a decision
    RETENTION_REJECTED_APPLICATION_DAYS = 31  # 1 month after a refusal
    RETENTION_FORMER_MEMBER_DAYS = 365  # 12 months after leaving, then anonymised
    RETENTION_OBSERVATION_CONTACT_DAYS = 92  # 3 months after an observation is closed (or discarded)
    # …after the last step of an observation still open (new, on an agenda, transmitted, answered)
    RETENTION_OPEN_OBSERVATION_CONTACT_DAYS = 365
    # …after an online observation was sent, while no organiser has moderated it
    RETENTION_UNMODERATED_OBSERVATION_CONTACT_DAYS = 31
    # A substitute's application, after they were put on the list (the default mandate: 2 years)
    RETENTION_SUBSTITUTE_DAYS = 730
    RETENTION_AUDIT_DAYS = 365  # each line of the audit journal, after the action it records
    # Processors (sous-traitants) named on the personal-data page; production refuses to start
    # while one is not named (PROCESSOR_SETTINGS below)
    HOSTING_PROVIDER = ""  # e.g. "OVHcloud, Roubaix (France)"
    MAIL_PROVIDER = ""  # who sends the e-mails, e.g. "La Poste (laposte.net), France"
    PROXY_FIX = False  # trust one reverse proxy's X-Forwarded-* headers
    # Observations and avis
    OBSERVATION_ANSWER_DELAY_DAYS = 60  # a transmitted observation without answer is then overdue
    OBSERVATION_RATE_LIMIT = "5 per hour; 20 per day"  # residents' online observations, per address
    OPINION_ADOPTION_RULE = "more_for_than_against"  # or "absolute_majority", "two_thirds"

    # Meetings
    MEETINGS_PER_PAGE = 20
    QUORUM_FRACTION = 0.5  # quorum: more than this share of the active members present ("1/3" works)
    ABSENCE_RUN_THRESHOLD = 3  # unexcused absences in a row that flag a member
    CALENDAR_REFRESH_MINUTES = 60  # how often calendar apps should re-read the feeds
    # `remind` (cron, every 15 minutes): meetings starting within this many hours get their reminder
    REMINDER_DELAY_HOURS = 48
    # Built feeds, kept until the next change (council.cache): files in CACHE_DIR (empty:
    # instance/cache), at most CACHE_MAX_MB, least recently read first out; or Redis when
    # CACHE_REDIS_URL is set (shared by every machine; entries expire CACHE_REDIS_TTL_DAYS unwritten)
    CACHE_DIR = ""
    CACHE_MAX_MB = 256
    CACHE_REDIS_URL = ""
    CACHE_REDIS_TTL_DAYS = 7
    CACHE_TIMEOUT_SECONDS = 2  # a cache Redis that does not answer within this: build instead
    # Membership: applications, review, roster (thresholds from the national cadre de référence)
    APPLICATION_RATE_LIMIT = "10 per hour; 30 per day"  # applications stored (or caught) per address
    # Applications refused for eligibility, per address: looser (a helper at a community centre
    # tries several residents' applications from one address)
    APPLICATION_REFUSED_RATE_LIMIT = "30 per hour; 100 per day"
    # Roster import (`import-members`, /membres/import): the largest file and the most lines read
    # (the browser re-sends the file, base64-encoded, when the import is confirmed: keep it well
    # under MAX_FORM_MEMORY_SIZE, 500 000 bytes by default)
    IMPORT_MAX_BYTES = 256 * 1024
    IMPORT_MAX_ROWS = 1000
    ACTIVATION_LINK_DAYS = 7  # how long the link to choose a first password stays valid
    # Inviting members without an account (the activation e-mail), several at once from a roster
    # filter: at most this many per batch (narrow the filter beyond), and so many batches per address
    INVITATION_BATCH_MAX = 100
    INVITATION_RATE_LIMIT = "10 per hour; 30 per day"
    MANDATE_YEARS = 2  # mandate length from the day a member joins; 0: no end date
    # Whether members whose mandate end date has passed still count in the composition checks
    # (true: they sit until renewed or recorded as leaving; false: not counted).
    EXPIRED_MANDATES_COUNT = True
    COMPOSITION_MIN_RESIDENT_SHARE = 50  # percent of active members in the habitants college
    COMPOSITION_PARITY_MAX_GAP = 2  # women/men difference tolerated in the habitants college
    COMPOSITION_MIN_SIZE = 15
    COMPOSITION_MAX_SIZE = 50


def load_config(app: Flask, overrides: dict | None) -> None:
    """Fill ``app.config`` from the layers, then check that the result is safe to run."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("COUNCIL")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if overrides:
        app.config.from_mapping(overrides)
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI", f"sqlite:///{Path(app.instance_path) / 'council.sqlite'}"
    )
    _configure_rate_limit_storage(app.config)
    if app.config["PRODUCTION"]:
        _check_production(app)
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))


SHARED_RATE_LIMIT_STORAGES = ("redis://", "rediss://", "redis+unix://", "redis+sentinel://",
                              "redis+cluster://", "valkey://", "valkeys://", "valkey+unix://",
                              "memcached://", "mongodb://", "mongodb+srv://")


def _configure_rate_limit_storage(config) -> None:
    """Storage errors reach the app as ``limits.errors.StorageError`` (the French 503), after a
    short wait on a Redis that does not answer, instead of a worker stuck on it."""
    options = dict(config.get("RATELIMIT_STORAGE_OPTIONS") or {})
    options.setdefault("wrap_exceptions", True)
    if str(config["RATELIMIT_STORAGE_URI"]).startswith(("redis", "valkey")):
        timeout = config["RATELIMIT_STORAGE_TIMEOUT_SECONDS"]
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("socket_timeout", timeout)
    config["RATELIMIT_STORAGE_OPTIONS"] = options


def _check_rate_limit_storage(config) -> None:
    """Several workers counting in their own memory multiply every limit, the sign-in lockout
    included, without a word: production needs a shared storage, or says it runs one process."""
    uri = str(config["RATELIMIT_STORAGE_URI"])
    if uri.startswith(SHARED_RATE_LIMIT_STORAGES) or config["RATELIMIT_ALLOW_MEMORY"]:
        return
    raise ConfigurationError(
        f"Refusing to start: COUNCIL_RATELIMIT_STORAGE_URI is {uri!r} in production, so each worker "
        "process would count rate limits on its own. Set it to redis://host:6379/0 (shared by every "
        "worker and machine), or set COUNCIL_RATELIMIT_ALLOW_MEMORY=true if one process serves.")


def _check_production(app: Flask) -> None:
    """Production refuses debug mode, a missing secret key, an unnamed processor and rate limits
    counted per process, and turns on HTTPS-only cookies."""
    if app.debug:
        raise ConfigurationError("Refusing to start: debug mode is on in production.")
    if not app.config.get("SECRET_KEY"):
        raise ConfigurationError("Refusing to start: COUNCIL_SECRET_KEY is not set in production.")
    # The personal-data page names every processor: a notice without them would be untrue.
    missing = [f"COUNCIL_{name}" for name in PROCESSOR_SETTINGS
               if not str(app.config.get(name) or "").strip()]
    if missing:
        raise ConfigurationError(f"Refusing to start: {', '.join(missing)} not set in production "
                                 "(the personal-data page must name every processor).")
    _check_rate_limit_storage(app.config)
    app.config["SESSION_COOKIE_SECURE"] = True
    app.config["REMEMBER_COOKIE_SECURE"] = True
    app.config["PREFERRED_URL_SCHEME"] = "https"  # links in e-mails and feeds
    if app.config["MAIL_BACKEND"] == "console":
        app.config["MAIL_BACKEND"] = "smtp"


def _instance_secret_key(instance: Path) -> str:
    """Read the key generated on a previous start, or generate and keep one (mode 0600)."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Written whole to a private temporary file, then linked into place: several workers starting
    # at once agree on the first key, and nobody ever reads a half-written file.
    draft = instance / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    try:
        os.link(draft, path)
    except FileExistsError:
        key = path.read_text().strip()
    finally:
        draft.unlink()
    return key

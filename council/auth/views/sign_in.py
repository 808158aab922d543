"""Signing in: sign-in, sign-out, a forgotten password (reset link), the password typed again
before a sensitive action, and the end of idle sessions."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from council import french, navigation
from council.auth import (
    access,
    bp,
)
from council.auth.forms import ConfirmPasswordForm, ForgotPasswordForm, LoginForm, NewPasswordForm
from council.auth.services.accounts import (
    authenticate,
    is_safe_next,
    new_password_problems,
    throttle_key,
)
from council.auth.services.notifications import send_password_changed, send_reset_link
from council.auth.services.passwords import reset_password as set_reset_password
from council.auth.services.passwords import user_for_reset_token
from council.database import utcnow
from council.extensions import db, limiter

# One message for every failure: a wrong password, an unknown address, and a closed account (a
# member who resigned) read the same, so the page never tells whether an address was a member's.
# Its second sentence is what tells a former member why they cannot sign in.
LOGIN_FAILED = ("Adresse e-mail ou mot de passe incorrect. Si vous avez quitté le conseil citoyen, "
                "votre compte est fermé.")
# A password set before the current rule, or before the account became an organiser's or an
# admin's (a hash cannot be checked), is checked when typed at sign-in: if the rule refuses it,
# the session can do nothing but choose a new one (or sign out).
WEAK_PASSWORD = ("Votre mot de passe ne suffit plus aux règles de sécurité de votre compte : "  # noqa: S105
                 "choisissez-en un nouveau pour continuer.")
CHANGE_REQUIRED = access.PASSWORD_CHANGE_REQUIRED
OPEN_WHILE_WEAK = {"membership.profile", "membership.change_password", "auth.logout", "static",
                   "public.personal_data"}
RESET_SENT = (
    "Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé avec un lien pour "
    "choisir un nouveau mot de passe. Le lien est valable {duration} et ne sert qu'une fois."
)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_and_address_key() -> str:
    """Rate-limit key for the account being tried *from this address*, so that nobody elsewhere
    can lock its owner out. The key follows the account's password: a reset starts a fresh count."""
    return throttle_key(request.form.get("email") or "") + ":" + get_remote_address()


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_limit, methods=["POST"], deduct_when=_failed,
               key_func=_account_and_address_key)
def login():
    """Sign in; a failure says only that the pair is wrong, and counts against the rate limits
    of the address and of the account from that address (never of the account alone: anyone
    could then lock its owner out)."""
    if current_user.is_authenticated:
        return redirect(_landing(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            target = request.args.get("next")
            weak = bool(new_password_problems(user, form.password.data))
            session.clear()  # a fresh session at login: nothing survives from before
            login_user(user)
            access.start_session()
            db.session.commit()
            if weak:
                session[CHANGE_REQUIRED] = True
                flash(WEAK_PASSWORD, "warning")
                return redirect(url_for("membership.profile", _anchor="password-title"))
            flash("Vous êtes connecté·e.", "success")
            return redirect(target if is_safe_next(target) else _landing(user))
        return render_template("auth/login.html", form=form, login_error=LOGIN_FAILED)
    return render_template("auth/login.html", form=form)


def _landing(user) -> str:
    """Where an account lands after signing in, without a safe ``next``: organisers and admins
    on the dashboard, members on their profile (``navigation.add_landing``); a platform
    administrator without a role in this council on the platform's councils."""
    if user.role is None and user.is_platform_admin:
        return url_for("platform.councils")
    return url_for(navigation.landing_endpoint(user))


@bp.route("/deconnexion", methods=["GET", "POST"])
def logout():
    """Sign out and clear the whole session (GET asks for confirmation: links cannot sign out).

    The account's session token is rotated, so a copy of the cookie taken before no longer
    opens anything: sign-out ends the account's sessions on every device."""
    if request.method == "GET":
        return render_template("auth/logout.html")
    if current_user.is_authenticated:
        current_user.end_sessions()
        db.session.commit()
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté·e.", "success")
    return redirect(url_for("public.home"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the account exists, and
    comes as fast (the mail leaves after the response)."""
    form = ForgotPasswordForm()
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    if form.validate_on_submit():
        send_reset_link(form.email.data)
        return render_template("auth/reset_sent.html",
                               message=RESET_SENT.format(duration=french.plural(hours, "heure")))
    return render_template("auth/forgot.html", form=form)


@bp.route("/mot-de-passe/nouveau/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str):
    """Choose a new password through a valid link, and be signed in; the link then stops
    working, and sign-in attempts on the account start a fresh count."""
    max_age = current_app.config["PASSWORD_RESET_HOURS"] * 3600
    user = user_for_reset_token(token, current_app.secret_key, max_age)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = NewPasswordForm().for_owner(user)
    if form.validate_on_submit():
        user = user_for_reset_token(token, current_app.secret_key, max_age, for_update=True)
        if user is None:  # used meanwhile, by a request sent at the same instant
            return render_template("auth/reset_invalid.html"), 400
        set_reset_password(user, form.password.data)  # ends every other session
        session.clear()
        login_user(user)  # the link proves the mailbox: no sign-in throttle can keep its owner out
        access.start_session()
        db.session.commit()
        send_password_changed(user, how="par le lien « Mot de passe oublié ? »")
        flash("Votre mot de passe a été changé. Vous êtes connecté·e.", "success")
        return redirect(_landing(user))
    return render_template("auth/reset.html", form=form)


@bp.route("/confirmer-acces", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
def confirm_access():
    """Re-enter the password before a sensitive action (role change, erasure, roster export)."""
    form = ConfirmPasswordForm()
    target = request.args.get("next")
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            access.mark_recent_authentication()
            return redirect(target if is_safe_next(target) else url_for("public.home"))
        form.password.errors.append("Mot de passe incorrect.")
    return render_template("auth/confirm.html", form=form)


@bp.before_app_request
def _weak_password_first():
    """A session opened with a password the rule now refuses reaches only the password form
    (and sign-out) until a new one is chosen."""
    if not session.get(CHANGE_REQUIRED) or not current_user.is_authenticated:
        return None
    if request.endpoint in OPEN_WHILE_WEAK:
        return None
    flash(WEAK_PASSWORD, "warning")
    return redirect(url_for("membership.profile", _anchor="password-title"))


@bp.before_app_request
def _end_idle_sessions():
    """Sign out a session left idle longer than IDLE_TIMEOUT_MINUTES, or older than
    PERMANENT_SESSION_LIFETIME (``access.session_expired``)."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(utcnow().timestamp())
    if access.session_expired():
        logout_user()
        session.clear()
        flash("Votre session a expiré (inactivité ou connexion trop ancienne). Reconnectez-vous.",
              "info")
        return redirect(url_for("auth.login", next=request.path if request.method == "GET" else None))
    session["last_seen"] = now
    return None

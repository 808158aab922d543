"""Sign-in at /connexion and sign-out at /deconnexion."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from council.auth import (
    access,  # noqa: F401  (registers the user loader)
    bp,
)
from council.auth.forms import LoginForm
from council.auth.services import authenticate, is_safe_next
from council.extensions import db, limiter

LOGIN_FAILED = "Adresse e-mail ou mot de passe incorrect."


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(
    _login_limit, methods=["POST"], deduct_when=lambda response: response.status_code != 302
)
def login():
    """Sign in; a failure says only that the pair is wrong, and counts against the rate limit."""
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            target = request.args.get("next")
            session.clear()  # a fresh session at login: nothing survives from before
            login_user(user)
            db.session.commit()
            flash("Vous êtes connecté·e.", "success")
            return redirect(target if is_safe_next(target) else url_for("public.home"))
        return render_template("auth/login.html", form=form, login_error=LOGIN_FAILED)
    return render_template("auth/login.html", form=form)


@bp.route("/deconnexion", methods=["GET", "POST"])
def logout():
    """Sign out and clear the whole session (GET asks for confirmation: links cannot sign out)."""
    if request.method == "GET":
        return render_template("auth/logout.html")
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté·e.", "success")
    return redirect(url_for("public.home"))

"""The platform's pages (/plateforme/…), for platform administrators only: thin views over
``council.platform.services``."""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from council.auth.access import recent_auth_required
from council.councils.models import Council
from council.councils.services import CouncilError
from council.database import rollback_on
from council.extensions import db, limiter
from council.mail import send_mail
from council.membership.services.activation import activation_link
from council.platform import bp
from council.platform.forms import HOSTS_HINT, HostsForm, NewCouncilForm
from council.platform.services import (
    change_hosts,
    council_summaries,
    create_council_with_first_admin,
    first_admin_problems,
    host_problems,
    parse_hosts,
    slug_problems,
)
from council.tenancy import current_council_id, use_council

SUBJECT_FIRST_ADMIN = "Vous administrez le site d'un conseil citoyen : choisissez votre mot de passe"


def platform_admin_required(view):
    """Platform administrators only; anyone else signed in gets 403 (anonymous: the sign-in)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_platform_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/conseils")
@platform_admin_required
def councils():
    """Every council: name, city, hosts, and counts (never a person)."""
    return render_template("platform/councils.html", councils=council_summaries())


@bp.route("/conseils/nouveau", methods=["GET", "POST"])
@platform_admin_required
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], deduct_when=_failed)
def new_council():
    """Create a council and its first admin (invited by e-mail on the new council's host, or
    the platform administrator's own account); the password is typed again; audited."""
    form = NewCouncilForm()
    if not form.validate_on_submit():
        return render_template("platform/new_council.html", form=form, hosts_hint=HOSTS_HINT)
    if not current_user.check_password(form.password.data):
        form.password.errors.append("Mot de passe incorrect.")
    hosts = parse_hosts(form.hosts.data or "")
    form.slug.errors.extend(slug_problems(form.slug.data))
    form.hosts.errors.extend(host_problems(hosts))
    form.admin_email.errors.extend(first_admin_problems(form.admin_email.data, form.myself.data))
    if any(field.errors for field in form):
        return render_template("platform/new_council.html", form=form, hosts_hint=HOSTS_HINT)
    served = current_council_id()
    with rollback_on(CouncilError) as refusal:  # a council or host made meanwhile
        made = create_council_with_first_admin(current_user, form.slug.data, form.name.data,
                                               form.city.data, hosts, form.contact_email.data,
                                               form.admin_email.data, form.myself.data)
    if refusal.error:
        use_council(served)  # the new council was rolled back
        form.slug.errors.append("Ce conseil ou l'une de ses adresses vient d'être créé : "
                                "vérifiez la liste des conseils.")
        return render_template("platform/new_council.html", form=form, hosts_hint=HOSTS_HINT)
    db.session.commit()
    if made.invited is not None:  # the link leads to the new council's host (served now)
        body = render_template("platform/email/first_admin.txt", link=activation_link(made.invited),
                               days=current_app.config["ACTIVATION_LINK_DAYS"])
        sent = send_mail(made.invited.email, SUBJECT_FIRST_ADMIN, body, kind="platform first admin")
        flash(f"Le conseil {made.council.name} est créé. " + (
            "Son premier administrateur ou sa première administratrice a reçu un lien pour "
            "choisir son mot de passe." if sent else
            "L'e-mail d'invitation n'a pas pu partir : réessayez plus tard."),
            "success" if sent else "warning")
    else:
        flash(f"Le conseil {made.council.name} est créé ; vous en êtes administrateur·rice.",
              "success")
    return redirect(url_for("platform.councils"))


@bp.route("/conseils/<int:council_id>/adresses", methods=["GET", "POST"])
@platform_admin_required
@recent_auth_required
def hosts(council_id: int):
    """Set the host names a council answers on (the first is the one its links use)."""
    council = db.get_or_404(Council, council_id)
    form = HostsForm(data={"hosts": "\n".join(host.host for host in council.hosts)})
    if form.validate_on_submit():
        names = parse_hosts(form.hosts.data or "")
        form.hosts.errors.extend(host_problems(names, council))
        if not form.hosts.errors:
            changed = change_hosts(current_user, council, names)
            db.session.commit()
            flash("Les adresses du conseil sont enregistrées. Redémarrez les serveurs de "
                  "l'application pour qu'elles soient acceptées en production."
                  if changed else "Aucun changement.", "success")
            return redirect(url_for("platform.councils"))
    return render_template("platform/hosts.html", form=form, council=council, hosts_hint=HOSTS_HINT)

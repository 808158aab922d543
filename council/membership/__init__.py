"""Membership: applications, eligibility, review and the roster."""

from flask import Blueprint

from council import navigation
from council.auth.models import Role

bp = Blueprint("membership", __name__)
navigation.add("membership.apply", "Candidater", order=30, signed_out=True)
navigation.add("membership.roster", "Membres", role=Role.MEMBER, order=60)
navigation.add("membership.queue", "Candidatures", role=Role.ORGANISER, order=70)
navigation.add("membership.profile", "Mon profil", role=Role.MEMBER, order=90)
navigation.add_landing("membership.profile", Role.MEMBER, rank=1)

from council.auth.services.accounts import on_personal_words  # noqa: E402
from council.auth.services.email_change import on_login_email_change  # noqa: E402
from council.membership import views  # noqa: E402,F401
from council.membership.services.roster import follow_login_email, names_of  # noqa: E402

# The roster record linked to an account keeps its login e-mail (accounts never import membership),
# and its names are not accepted as the account's password.
on_login_email_change(follow_login_email)
on_personal_words(names_of)

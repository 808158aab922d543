"""Account administration form."""

from wtforms import BooleanField, SelectField

from council.auth.models import Role
from council.forms import CouncilForm


class AccountForm(CouncilForm):
    role = SelectField(
        "Rôle",
        choices=[(role.value, role.label) for role in Role],
        validate_choice=True,
    )
    active = BooleanField("Compte actif (peut se connecter)")

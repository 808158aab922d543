"""Account administration form."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField

from council.auth.models import Role


class AccountForm(FlaskForm):
    role = SelectField(
        "Rôle",
        choices=[(role.value, role.label) for role in Role],
        validate_choice=True,
    )
    active = BooleanField("Compte actif (peut se connecter)")

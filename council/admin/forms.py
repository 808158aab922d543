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


class LinkMemberForm(FlaskForm):
    """Link this account to a roster record that has none (chosen by the admin, by id)."""

    member_id = SelectField("Fiche de membre", coerce=int, validate_choice=True)

    def set_members(self, members) -> None:
        self.member_id.choices = [(m.id, f"{m.full_name} (fiche n° {m.id})") for m in members]

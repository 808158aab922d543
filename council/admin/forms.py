"""Account administration form."""

from wtforms import BooleanField, SelectField, ValidationError

from council.auth.models import Role
from council.forms import CouncilForm


class AccountForm(CouncilForm):
    role = SelectField(
        "Rôle",
        choices=[(role.value, role.label) for role in Role],
        validate_choice=True,
    )
    active = BooleanField("Compte actif (peut se connecter)")


class LinkMemberForm(CouncilForm):
    """Link this account to a roster record that has none (chosen by the admin, by id)."""

    member_id = SelectField("Fiche de membre", validate_choice=False)

    def set_members(self, members) -> None:
        self.member_id.choices = [(str(m.id), f"{m.full_name} (fiche n° {m.id})") for m in members]

    def validate_member_id(self, field) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError("Choisissez une fiche de la liste.")

    @property
    def chosen_id(self) -> int:
        return int(self.member_id.data)

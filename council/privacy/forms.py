"""Erasure form (admins)."""

from wtforms import EmailField, HiddenField
from wtforms.validators import DataRequired, Email, Length

from council.forms import CouncilForm


class ErasureForm(CouncilForm):
    email = EmailField(
        "Adresse e-mail de la personne",
        validators=[DataRequired("Indiquez l'adresse e-mail de la personne."),
                    Length(max=254, message="Cette adresse est trop longue."),
                    Email("Cette adresse e-mail n'est pas valide.", check_deliverability=False)],
    )
    confirm = HiddenField()

"""Erasure form (admins): an e-mail address (an identity), or a phone number and/or a name (a
search whose matches the admin chooses from)."""

from wtforms import EmailField, HiddenField, StringField
from wtforms.validators import Email, Length, Optional

from council.forms import CouncilForm
from council.privacy.identity import normalise_phone


class ErasureForm(CouncilForm):
    email = EmailField(
        "Adresse e-mail de la personne",
        validators=[Optional(), Length(max=254, message="Cette adresse est trop longue."),
                    Email("Cette adresse e-mail n'est pas valide.", check_deliverability=False)],
    )
    phone = StringField("Ou son numéro de téléphone", validators=[
        Length(max=30, message="30 caractères au plus.")], render_kw={"autocomplete": "off"})
    name = StringField("Ou son nom", validators=[
        Length(max=200, message="200 caractères au plus.")], render_kw={"autocomplete": "off"})
    confirm = HiddenField()
    target = HiddenField()

    @property
    def by_email(self) -> bool:
        return bool((self.email.data or "").strip())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        phone, name = (self.phone.data or "").strip(), (self.name.data or "").strip()
        if not (self.by_email or phone or name):
            self.email.errors = [*self.email.errors, "Indiquez l'adresse e-mail de la personne, "
                                 "ou son numéro de téléphone ou son nom."]
            return False
        if phone and normalise_phone(phone) is None:
            self.phone.errors = [*self.phone.errors, "Ce numéro n'a pas assez de chiffres "
                                 "(exemple : 06 12 34 56 78)."]
            valid = False
        return valid

"""The partner form: public facts only (a partner's published contact, never a person's)."""

from __future__ import annotations

from wtforms import RadioField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from council.email_address import DeliverableEmail
from council.forms import CouncilForm, choice_required, strip
from council.membership.forms import PHONE
from council.partners.services import PartnerData
from council.reference.models import PartnerKind


class PartnerForm(CouncilForm):
    name = StringField("Nom", filters=[strip], validators=[
        DataRequired("Indiquez le nom du partenaire."), Length(max=200, message="200 caractères au plus.")])
    kind = RadioField("Type de partenaire", validate_choice=False,
                      choices=[(k.value, k.label) for k in PartnerKind],
                      validators=[choice_required("Choisissez le type de partenaire.")])
    description = TextAreaField("Ce qu'il fait pour les quartiers", validators=[
        Length(max=4000, message="4 000 caractères au plus.")])
    website = StringField("Site internet", filters=[strip], validators=[
        Optional(), Length(max=300, message="300 caractères au plus."),
        Regexp(r"^https?://[^\s/$.?#][^\s]*$", message="Indiquez une adresse complète, qui commence "
                                                         "par https://")])
    public_email = StringField("Adresse e-mail publique", filters=[strip], validators=[
        Optional(), Length(max=254), DeliverableEmail()])
    public_phone = TelField("Téléphone public", filters=[strip], validators=[
        Optional(), Regexp(PHONE, message="Indiquez un numéro de téléphone, par exemple 02 33 12 34 56."),
        Length(max=40, message="40 caractères au plus.")])

    def data_for_service(self) -> PartnerData:
        return PartnerData(name=self.name.data, kind=PartnerKind(self.kind.data),
                           description=self.description.data or "", website=self.website.data or "",
                           public_email=self.public_email.data or "",
                           public_phone=self.public_phone.data or "")


class PartnerActionForm(CouncilForm):
    """Retire or restore: a button and its CSRF token."""

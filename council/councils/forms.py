"""The council's profile form: identity, home page texts, neighbourhoods and rules, in French.
The rules' checks live in ``council.councils.rules.problems``; the form puts each beside its field."""

from __future__ import annotations

from contextlib import suppress

from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from council.councils.rules import CouncilRules, fraction_text, problems
from council.councils.services import Identity
from council.email_address import DeliverableEmail
from council.forms import CouncilForm, choice_required, strip

ADOPTION_LABELS = [
    ("more_for_than_against", "Plus de voix pour que de voix contre (abstentions non comptées)"),
    ("absolute_majority", "Majorité absolue des votes, abstentions comprises"),
    ("two_thirds", "Deux tiers des voix pour et contre"),
]
NUMBER_MESSAGE = "Indiquez un nombre entier, par exemple 16."
DATE_MESSAGE = "Indiquez une date valide (jour, mois, année), ou laissez vide."


def _text(label: str, size: int, required: str | None = None) -> StringField:
    rules = [DataRequired(required)] if required else [Optional()]
    return StringField(label, filters=[strip], validators=[
        *rules, Length(max=size, message=f"{size} caractères au plus.")])


def _number_given(_form, field) -> None:
    """A number is required (0 is one: a mandate without end)."""
    if field.data is None and not field.errors:
        raise StopValidation(NUMBER_MESSAGE)


_number_given.field_flags = {"required": True}


def _number(label: str) -> IntegerField:
    return IntegerField(label, validators=[_number_given])


def _day(label: str) -> DateField:
    return DateField(label, validators=[Optional()])


class ProfileForm(CouncilForm):
    """Everything an admin may change about the council, checked all at once."""

    name = _text("Nom du conseil", 200, "Indiquez le nom du conseil.")
    city = _text("Ville", 120, "Indiquez la ville.")
    contact_email = StringField("Adresse de contact publique", filters=[strip], validators=[
        DataRequired("Indiquez l'adresse de contact."), DeliverableEmail()])
    support_name = _text("Structure qui accompagne le conseil (avec son article)", 200)
    support_contact = _text("Contact de cette structure (adresse, téléphone ou site)", 254)
    prefecture = _text("Préfecture (avec son article)", 200, "Indiquez la préfecture.")
    prefect = _text("Préfet ou préfète (avec son article)", 200, "Indiquez le préfet ou la préfète.")
    contract_signed_on = _day("Contrat de ville signé le")
    contract_renewed_on = _day("Renouvelé le")
    contract_ends_on = _day("Prend fin le")
    home_intro = TextAreaField("Présentation en tête de l'accueil", validators=[
        Length(max=3000, message="3 000 caractères au plus.")])
    home_about = TextAreaField("Texte libre de l'accueil (après « Qu'est-ce que le conseil citoyen ? »)",
                               validators=[Length(max=5000, message="5 000 caractères au plus.")])
    controller_name = _text("Responsable des données (avec son article)", 200)
    controller_address = TextAreaField("Adresse postale du responsable des données", filters=[strip],
                                       validators=[Length(max=500, message="500 caractères au plus.")])
    privacy_contact = StringField("Contact pour les données personnelles (DPO ou référent·e)",
                                  filters=[strip], validators=[
                                      Optional(), Length(max=254, message="254 caractères au plus.")])
    neighbourhoods = FieldList(StringField("Nom du quartier", filters=[strip], validators=[
        DataRequired("Un quartier garde un nom : il peut être lié à des membres et à des observations."),
        Length(max=120, message="120 caractères au plus.")]), label="Quartiers prioritaires")
    new_neighbourhood = _text("Ajouter un quartier prioritaire", 120)

    minimum_age = _number("Âge minimum pour candidater (ans)")
    mandate_years = _number("Durée du mandat (ans ; 0 : sans fin)")
    quorum_fraction = StringField("Quorum : plus de cette part des membres présents", filters=[strip],
                                  validators=[DataRequired("Indiquez une part, par exemple 1/2.")])
    absence_run_threshold = _number("Absences non excusées de suite qui signalent un membre")
    expired_mandates_count = BooleanField("Les membres au mandat échu comptent dans la composition "
                                          "jusqu'à leur renouvellement ou leur départ")
    composition_min_resident_share = _number("Part minimale du collège des habitants (%)")
    composition_parity_max_gap = _number("Écart femmes-hommes toléré chez les habitants")
    composition_min_size = _number("Taille minimale du conseil (membres)")
    composition_max_size = _number("Taille maximale du conseil (membres)")
    opinion_adoption_rule = RadioField("Règle d'adoption des avis", choices=ADOPTION_LABELS,
                                       validate_choice=False,
                                       validators=[choice_required("Choisissez une règle.")])
    observation_answer_delay_days = _number("Délai de réponse attendu d'un partenaire (jours)")

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then every rule's, each beside its field."""
        valid = super().validate(extra_validators)
        for field in self:  # WTForms' own messages for a number or a date not understood are English
            if field.process_errors:
                french = NUMBER_MESSAGE if isinstance(field, IntegerField) else DATE_MESSAGE
                field.errors = [french if e in field.process_errors else e for e in field.errors]
        wrong = {name for name in CouncilRules.__dataclass_fields__ if self[name].errors}
        if "composition_min_size" in wrong:
            wrong.add("composition_max_size")  # compared with the minimum: say nothing more
        for name, message in problems(self.rules(fallback=CouncilRules())).items():
            if name not in wrong:
                self[name].errors = [*self[name].errors, message]
                valid = False
        signed, ends = self.contract_signed_on.data, self.contract_ends_on.data
        if signed and ends and ends < signed:
            self.contract_ends_on.errors = [*self.contract_ends_on.errors,
                                            "La fin du contrat vient après sa signature."]
            valid = False
        return valid

    def validate_opinion_adoption_rule(self, field) -> None:
        if field.data not in {value for value, _label in ADOPTION_LABELS}:
            raise ValidationError("Choisissez une règle de la liste.")

    def problem_list(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of every problem, in the page's order (the summary)."""
        found = []
        for field in self:
            entries = list(field) if isinstance(field, FieldList) else [field]
            for entry in entries:
                if field.name != "csrf_token":
                    found += [(entry.id, entry.label.text, message) for message in entry.errors]
        return found

    def rules(self, fallback: CouncilRules | None = None) -> CouncilRules:
        """The rules as typed (the quorum written back as a fraction: « 0,5 » → « 1/2 »);
        ``fallback`` fills the fields with no value (to check the others)."""
        values = {name: self[name].data for name in CouncilRules.__dataclass_fields__}
        if fallback is not None:
            values = {name: getattr(fallback, name) if value is None else value
                      for name, value in values.items()}
        values["expired_mandates_count"] = bool(values["expired_mandates_count"])
        with suppress(ValueError, ZeroDivisionError):  # else kept as typed: ``problems`` says why
            values["quorum_fraction"] = fraction_text((values["quorum_fraction"] or "").replace(",", "."))
        return CouncilRules(**values)

    def identity(self) -> Identity:
        return Identity(**{name: self[name].data or (None if name.endswith("_on") else "")
                           for name in Identity.__dataclass_fields__})

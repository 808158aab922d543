"""Observation forms: a member's log, a resident's online report, each lifecycle step, the filters."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from council import dates
from council.forms import (
    CouncilForm,
    MultiCheckboxField,
    choice_required,
    not_in_future,
    optional_int,
)
from council.observations.lifecycle import LISTED, ClosureReason, ObservationKind, ObservationStatus
from council.observations.privacy import (
    CONSENT_AGE,
    member_contact_problems,
    resident_contact_problems,
)
from council.observations.services.queries import Filters
from council.observations.services.steps import ObservationData
from council.reference.models import ThemeKind
from council.reference.services import all_partners, neighbourhoods, partners, themes

# Plain-French hints for residents, by volet slug (the volet's official name stays the label).
PILLAR_HINTS = {
    "developpement-economique-emploi": "emploi, formation, commerces, création d'activité",
    "cadre-de-vie-renovation-urbaine": "logement, rues, éclairage, propreté, espaces verts, travaux",
    "cohesion-sociale": "école, parents, santé, sport, culture, sécurité, transports",
}


class ObservationFieldsForm(CouncilForm):
    """The fields every observation has, whoever writes it down."""

    kind = RadioField("De quoi s'agit-il ?", validate_choice=False,
                      choices=[(k.value, {"idea": "Une idée pour le quartier",
                                          "dysfunction": "Un problème à signaler (dysfonctionnement)"}
                                [k.value]) for k in ObservationKind],
                      validators=[choice_required("Choisissez : une idée ou un problème.")])
    neighbourhood = RadioField("Dans quel quartier ?", coerce=optional_int, validate_choice=False,
                               validators=[choice_required("Choisissez le quartier.")])
    pillar = RadioField("Quel volet du contrat de ville ?", coerce=optional_int, validate_choice=False,
                        validators=[choice_required("Choisissez un volet.")])
    axes = MultiCheckboxField("Cela touche aussi (facultatif)", coerce=int, validate_choice=True)
    place = StringField("Où exactement ?", validators=[Optional(), Length(max=200, message=(
        "200 caractères au plus."))], description="Une rue, un immeuble, un arrêt de bus…")
    description = TextAreaField("Description", validators=[
        DataRequired("Décrivez l'observation."),
        Length(max=4000, message="4 000 caractères au plus : résumez un peu.")])
    observed_on = DateField("Date de l'observation", validators=[
        DataRequired("Indiquez la date (jour/mois/année)."), not_in_future(dates.today)])
    resident_name = StringField("Nom de l'habitant·e", validators=[Length(max=120)],
                                render_kw={"autocomplete": "off"})
    resident_contact = StringField("Téléphone ou e-mail de l'habitant·e", validators=[Length(max=254)],
                                   render_kw={"autocomplete": "off"})
    contact_consent = BooleanField("L'habitant·e a donné son accord pour que le conseil garde son nom "
                                   "et son contact afin de lui répondre")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.neighbourhood.choices = [(n.id, n.name) for n in neighbourhoods()]
        self.pillar_rows = themes(ThemeKind.PILLAR)
        self.pillar.choices = [(t.id, t.name) for t in self.pillar_rows]
        self.axes.choices = [(t.id, t.name) for t in themes(ThemeKind.AXIS)]
        self.pillar_hints = {t.id: PILLAR_HINTS.get(t.slug) for t in self.pillar_rows}

    def contact_problems(self) -> dict[str, str]:
        raise NotImplementedError

    def observation_data(self) -> ObservationData:
        """What was typed, as the services take it (no date given: today)."""
        return ObservationData(
            kind=ObservationKind(self.kind.data), neighbourhood_id=self.neighbourhood.data,
            pillar_id=self.pillar.data, axis_ids=self.axes.data or [], place=self.place.data or "",
            description=self.description.data, observed_on=self.observed_on.data or dates.today(),
            resident_name=self.resident_name.data or "", resident_contact=self.resident_contact.data or "",
            consent=bool(self.contact_consent.data),
        )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for name, message in self.contact_problems().items():
            self[name].errors = [*self[name].errors, message]
            valid = False
        return valid


class MemberObservationForm(ObservationFieldsForm):
    """A member logs what a resident told them."""

    source = RadioField("Source", default="anonymous", validate_choice=False, choices=[
        ("anonymous", "Anonyme : ne garder ni nom ni contact"),
        ("resident", "Un·e habitant·e qui accepte de laisser son nom et son contact"),
    ], validators=[choice_required("Choisissez la source.")])
    # asked as the online form asks it (``privacy.CONSENT_AGE``) before a name or contact is kept
    old_enough = BooleanField(f"L'habitant·e m'a dit avoir {CONSENT_AGE} ans ou plus")
    consent_age = CONSENT_AGE

    def contact_problems(self) -> dict[str, str]:
        return member_contact_problems(self.source.data == "resident", self.resident_name.data or "",
                                       self.resident_contact.data or "", bool(self.contact_consent.data),
                                       old_enough=bool(self.old_enough.data))


class ResidentObservationForm(ObservationFieldsForm):
    """A resident's own report at /observations/nouvelle: plain words, contact optional."""

    description = TextAreaField("Racontez-nous", validators=[
        DataRequired("Écrivez quelques mots sur votre idée ou le problème."),
        Length(max=4000, message="4 000 caractères au plus : résumez un peu.")])
    pillar = RadioField("C'est plutôt au sujet de… (facultatif)", coerce=optional_int,
                        validate_choice=False, validators=[Optional()])
    observed_on = DateField("Quand l'avez-vous remarqué ? (facultatif)",
                            validators=[Optional(), not_in_future(dates.today)])
    resident_name = StringField("Votre nom (facultatif)", validators=[Length(max=120)],
                                render_kw={"autocomplete": "name"})
    resident_contact = StringField("Votre téléphone ou votre e-mail (facultatif)",
                                   validators=[Length(max=254)], render_kw={"autocomplete": "email"})
    contact_consent = BooleanField("J'accepte que le conseil citoyen garde mon nom et mon contact pour "
                                   "me répondre")
    old_enough = BooleanField(f"J'ai {CONSENT_AGE} ans ou plus")
    consent_age = CONSENT_AGE
    website = StringField("Ne remplissez pas ce champ", render_kw={"autocomplete": "off", "tabindex": "-1"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pillar.choices = [("", "Je ne sais pas"), *self.pillar.choices]

    def contact_problems(self) -> dict[str, str]:
        return resident_contact_problems(self.resident_name.data or "", self.resident_contact.data or "",
                                         bool(self.contact_consent.data),
                                         old_enough=bool(self.old_enough.data))

    @property
    def is_bot(self) -> bool:
        """The hidden field is filled only by robots."""
        return bool((self.website.data or "").strip())


NOTE = "Note pour l'historique (facultatif)"


def _note():
    return TextAreaField(NOTE, validators=[Length(max=2000, message="2 000 caractères au plus.")])


class AcceptForm(CouncilForm):
    pillar = SelectField("Volet du contrat de ville", coerce=optional_int, validate_choice=False,
                         validators=[choice_required("Choisissez un volet avant d'accepter.")])
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pillar.choices = [("", "— choisir —")] + [(t.id, t.name) for t in themes(ThemeKind.PILLAR)]


class NoteForm(CouncilForm):
    note = _note()


class ScheduleForm(CouncilForm):
    """Choose the meeting's agenda point (meetings not cancelled, from a month ago on)."""

    agenda_item = SelectField("Point de l'ordre du jour", coerce=optional_int, validate_choice=False,
                              validators=[choice_required("Choisissez le point de l'ordre du jour.")])
    note = _note()

    def __init__(self, *args, **kwargs):
        from council.meetings.services.meetings import agenda_label, schedulable_items

        super().__init__(*args, **kwargs)
        self.agenda_item.choices = [("", "— choisir —")] + [
            (item.id, agenda_label(item)) for item in schedulable_items()]


class TransmitForm(CouncilForm):
    partner = SelectField("Partenaire", coerce=optional_int, validate_choice=False,
                          validators=[choice_required("Choisissez le partenaire.")])
    transmitted_on = DateField("Date de transmission", default=dates.today, validators=[
        DataRequired("Indiquez la date de transmission."), not_in_future(dates.today)])
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner.choices = [("", "— choisir —")] + [(p.id, p.name) for p in partners()]


class AnswerForm(CouncilForm):
    answer_text = TextAreaField("Réponse du partenaire", validators=[
        DataRequired("Recopiez ou résumez la réponse."), Length(max=8000)])
    answered_on = DateField("Date de la réponse", default=dates.today, validators=[
        DataRequired("Indiquez la date de la réponse."), not_in_future(dates.today)])
    note = _note()


class CloseForm(CouncilForm):
    reason = RadioField("Motif de clôture", validate_choice=False,
                        choices=[(r.value, r.label.capitalize()) for r in ClosureReason],
                        validators=[choice_required("Choisissez le motif.")])
    duplicate_of = IntegerField("Doublon de l'observation n°", validators=[
        Optional(), NumberRange(min=1, max=2**31 - 1, message="Ce numéro d'observation n'existe pas.")])
    note = _note()


class PublishForm(CouncilForm):
    public_summary = TextAreaField("Texte publié", validators=[
        DataRequired("Écrivez le texte à publier."), Length(max=4000)])
    public_answer = TextAreaField("Réponse publiée (facultatif)", validators=[Length(max=8000)])


class FilterForm(CouncilForm):
    """The list's filters, POSTed (the text searched may be a name: never in an address; the
    CSRF token is checked app-wide by CSRFProtect). Bad values are simply ignored."""

    class Meta:
        csrf = False

    q = StringField("Rechercher", validators=[Length(max=100)])
    status = SelectField("Statut", validate_choice=False, choices=[("", "Tous")] + [
        (s.value, s.label) for s in LISTED])
    kind = SelectField("Type", validate_choice=False,
                       choices=[("", "Tous")] + [(k.value, k.label) for k in ObservationKind])
    neighbourhood = SelectField("Quartier", coerce=optional_int, validate_choice=False)
    pillar = SelectField("Volet", coerce=optional_int, validate_choice=False)
    partner = SelectField("Partenaire", coerce=optional_int, validate_choice=False)
    overdue = BooleanField("En retard de réponse seulement")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.neighbourhood.choices = [("", "Tous")] + [(n.id, n.name) for n in neighbourhoods()]
        self.pillar.choices = [("", "Tous")] + [(t.id, t.name) for t in themes(ThemeKind.PILLAR)]
        self.partner.choices = [("", "Tous")] + [(p.id, p.name) for p in all_partners()]

    def filters(self) -> Filters:
        """The filters as typed; unknown values are ignored rather than refused."""
        status = {s.value: s for s in ObservationStatus}.get(self.status.data or "")
        kind = {k.value: k for k in ObservationKind}.get(self.kind.data or "")
        return Filters(q=(self.q.data or "")[:100], status=status, kind=kind,
                       neighbourhood_id=self.neighbourhood.data, pillar_id=self.pillar.data,
                       partner_id=self.partner.data, overdue=bool(self.overdue.data))

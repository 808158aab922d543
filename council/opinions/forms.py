"""Avis forms: the draft, the vote, the transmission and the answer."""

from __future__ import annotations

import re

from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from council import dates
from council.forms import (
    CouncilForm,
    MultiCheckboxField,
    choice_required,
    not_in_future,
    optional_int,
)
from council.observations.forms import ScheduleForm
from council.observations.lifecycle import LISTED
from council.observations.services.queries import statuses_of
from council.opinions.lifecycle import CarrierType, OpinionKind, OpinionStatus, addressee_problem
from council.opinions.services import known_projects
from council.opinions.voting import VoteChoice, VoteCount
from council.reference.models import ThemeKind
from council.reference.services import partners, themes

_NUMBERS = re.compile(r"\d+")


def observation_numbers(text: str) -> list[int]:
    """« 12, 15 et n° 20 » → [12, 15, 20] (each number once, in order)."""
    seen: list[int] = []
    for match in _NUMBERS.findall(text or ""):
        number = int(match[:12])  # longer numbers cannot be observations: kept, then reported
        if number not in seen:
            seen.append(number)
    return seen


class OpinionForm(CouncilForm):
    kind = RadioField("Type", validate_choice=False,
                      choices=[(k.value, k.label.capitalize()) for k in OpinionKind],
                      validators=[choice_required("Choisissez le type.")])
    title = StringField("Titre", validators=[DataRequired("Donnez un titre."), Length(max=200)])
    subject_project = StringField("Projet concerné", validators=[
        DataRequired("Indiquez le projet dont il s'agit."), Length(max=200)],
        render_kw={"list": "source-projects"})
    carrier_type = RadioField("Projet porté par", validate_choice=False,
                              choices=[(c.value, c.label.capitalize()) for c in CarrierType],
                              validators=[choice_required("Indiquez qui porte le projet.")])
    carrier_name = StringField("Nom du porteur (facultatif)", validators=[Length(max=200)])
    pillars = MultiCheckboxField("Volets du contrat de ville", coerce=int)
    axes = MultiCheckboxField("Axes transversaux (facultatif)", coerce=int)
    observations = StringField("Observations liées (facultatif)", validators=[Length(max=300)])
    text = TextAreaField("Texte", validators=[DataRequired("Écrivez le texte."),
                                              Length(max=20000, message="20 000 caractères au plus.")])
    partner = SelectField("Destinataire", coerce=optional_int, validate_choice=False)

    def __init__(self, *args, keep_partner: int | None = None, **kwargs):
        """``keep_partner``: the draft's addressee, offered even if it has since retired."""
        super().__init__(*args, **kwargs)
        self.pillars.choices = [(t.id, t.name) for t in themes(ThemeKind.PILLAR)]
        self.axes.choices = [(t.id, t.name) for t in themes(ThemeKind.AXIS)]
        self.partner.choices = [("", "Le préfet (pour une interpellation)")] + [
            (p.id, p.name) for p in partners(keep=keep_partner)]
        self.source_projects = known_projects()

    def validate_pillars(self, field):
        if not field.data:
            raise ValidationError("Cochez au moins un volet.")

    def validate_partner(self, field):
        if field.data is not None and field.data not in {value for value, _label in field.choices}:
            raise ValidationError("Choisissez un destinataire dans la liste.")  # gone, or never was
        kind = {k.value: k for k in OpinionKind}.get(self.kind.data or "")
        if kind is not None and (problem := addressee_problem(kind, field.data)):
            raise ValidationError(problem)

    def validate_observations(self, field):
        numbers = observation_numbers(field.data)
        found = statuses_of(numbers)
        missing = [n for n in numbers if found.get(n) not in LISTED]
        if missing:
            raise ValidationError("Ces numéros ne sont pas dans la liste des observations : "
                                  + ", ".join(f"n° {n}" for n in missing) + ".")


class VoteForm(CouncilForm):
    """The organiser's record of the vote, by counts (members' votes are added per member)."""

    method = RadioField("Comment saisir le vote ?", default="counts", validate_choice=False, choices=[
        ("counts", "Le nombre de voix pour, contre et d'abstentions"),
        ("ballots", "Le vote de chaque membre présent"),
    ], validators=[choice_required("Choisissez comment saisir le vote.")])
    votes_for = IntegerField("Voix pour", validators=[Optional(), NumberRange(min=0, max=999, message=(
        "Un nombre entre 0 et 999."))])
    votes_against = IntegerField("Voix contre", validators=[Optional(), NumberRange(min=0, max=999, message=(
        "Un nombre entre 0 et 999."))])
    votes_abstain = IntegerField("Abstentions", validators=[Optional(), NumberRange(min=0, max=999, message=(
        "Un nombre entre 0 et 999."))])
    text = TextAreaField("Position majoritaire (texte soumis au vote, amendé s'il y a lieu)", validators=[
        DataRequired("Le texte soumis au vote ne peut pas être vide."), Length(max=20000)])
    dissent_text = TextAreaField("Positions divergentes", validators=[Length(max=20000)])

    def ballots(self) -> list:
        """The per-member radio groups (added by ``vote_form_for``)."""
        return [field for name, field in self._fields.items() if name.startswith("ballot_")]

    def chosen_ballots(self) -> dict[int, VoteChoice]:
        """member id → vote, for the members who voted."""
        return {int(f.name.removeprefix("ballot_")): VoteChoice(f.data) for f in self.ballots()
                if f.data in {c.value for c in VoteChoice}}

    def vote_count(self) -> VoteCount:
        """The three numbers typed, by counts."""
        return VoteCount(self.votes_for.data, self.votes_against.data, self.votes_abstain.data)

    def count_fields_problems(self) -> dict[str, str]:
        """By counts, the three numbers are needed."""
        if self.method.data != "counts":
            return {}
        return {f.name: "Indiquez un nombre (0 s'il n'y en a pas)." for f in
                (self.votes_for, self.votes_against, self.votes_abstain) if f.data is None and not f.errors}


def vote_form_for(present_members, **kwargs) -> VoteForm:
    """A vote form with one radio group per present member (``ballot_<member id>``)."""

    class PresentMembersVoteForm(VoteForm):
        pass

    choices = [*[(c.value, c.label.capitalize()) for c in VoteChoice], ("none", "Ne vote pas")]
    for member in present_members:
        setattr(PresentMembersVoteForm, f"ballot_{member.id}",
                RadioField(member.full_name, validate_choice=False, default="none", choices=choices))
    return PresentMembersVoteForm(**kwargs)


class OpinionScheduleForm(ScheduleForm):
    """The agenda point where the avis will be voted."""

    note = None


class TransmitForm(CouncilForm):
    transmitted_on = DateField("Date de transmission", default=dates.today, validators=[
        DataRequired("Indiquez la date de transmission."), not_in_future(dates.today)])


class AnswerForm(CouncilForm):
    answer_text = TextAreaField("Réponse reçue", validators=[
        DataRequired("Recopiez ou résumez la réponse."), Length(max=20000)])
    answered_on = DateField("Date de la réponse", default=dates.today, validators=[
        DataRequired("Indiquez la date de la réponse."), not_in_future(dates.today)])


class StatusFilterForm(CouncilForm):
    class Meta:
        csrf = False

    status = SelectField("Statut", validate_choice=False,
                         choices=[("", "Tous")] + [(s.value, s.label) for s in OpinionStatus])


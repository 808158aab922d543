"""Membership forms: the public application, the organisers' decisions, the member's own page.

Labels and messages are French; every field says what is wrong beside it.
"""

from __future__ import annotations

import re
from functools import partial

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    Regexp,
    StopValidation,
)
from wtforms.widgets import TextInput

from council import dates
from council.auth.forms import NewPasswordRules, acceptable_password
from council.auth.password_policy import password_hint
from council.eligibility import (
    OLDEST_PLAUSIBLE_AGE,
    ActorCategory,
    Applicant,
    College,
    Reason,
    nth_birthday,
)
from council.email_address import DeliverableEmail
from council.forms import (
    CouncilForm,
    choices,
    strip,
)
from council.membership.minimisation import asks
from council.membership.models import Gender, JoinMethod, MemberStatus
from council.text import CONTROL_MESSAGE  # noqa: F401  (re-exported for the tests)

ELSEWHERE = "autre"  # the "un autre quartier" choice
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # the date picker sends the first; typed dates the second
DATE_INVALID = "Date non valable : écrivez-la sous la forme JJ/MM/AAAA, par exemple 14/07/2008."
BIRTH_DATE_FUTURE = "Cette date est dans le futur : vérifiez le jour, le mois et l'année."
BIRTH_DATE_TOO_OLD = "Vérifiez l'année de naissance : elle semble mal tapée."
EARLIEST_BIRTH_YEAR = 1900


def birth_date_mistake(birth_date, today) -> str | None:
    """Why a birth date can only be a typing mistake (in the future, before 1900, or older than
    anyone alive), or None. Such a date is a field error, never an eligibility refusal."""
    if birth_date > today:
        return BIRTH_DATE_FUTURE
    if birth_date.year < EARLIEST_BIRTH_YEAR or nth_birthday(birth_date, OLDEST_PLAUSIBLE_AGE) < today:
        return BIRTH_DATE_TOO_OLD
    return None
PHONE = r"^\+?[0-9 .()\-]{6,30}$"
# Invisible control characters (NUL above all, which PostgreSQL refuses in text): what the
# roster's search box ignores. Forms refuse them through ``council.forms``.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class TypedDateField(DateField):
    """A date typed as JJ/MM/AAAA in a text field: a ``type=date`` field follows the browser's
    language, so in an English browser the same keys would store 7 December for 12/07. The
    ISO form is still read (older links and scripts send it)."""

    widget = TextInput()

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if self.data else ""


class Radios(RadioField):
    """A radio group whose "nothing chosen" is judged by its validators (one message, not two)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", "Choisissez l'une des options proposées.")
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        if self.data in (None, ""):
            return
        super().pre_validate(form)

    def post_validate(self, form, validation_stopped):
        # ``Optional`` wipes the invalid-choice error of a value made of spaces: it means nothing
        if isinstance(self.data, str) and not self.data.strip():
            self.data = None


class OnlyForResidents:
    """A question the habitants college alone is asked (``minimisation.RESIDENT_ONLY_FIELDS``):
    for a local actor, whatever was posted is neither checked nor kept."""

    def __call__(self, form, field):
        if form.college.data == College.LOCAL_ACTOR.value:
            field.errors[:] = []
            raise StopValidation()


class RequiredForLocalActors:
    """Required when the applicant chose the acteurs locaux college; ignored otherwise."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if form.college.data != College.LOCAL_ACTOR.value:
            field.errors[:] = []
            raise StopValidation()
        if not field.raw_data or not str(field.raw_data[0]).strip():
            field.errors[:] = []
            raise StopValidation(self.message)


def _email_field(label: str = "Adresse e-mail") -> EmailField:
    """An address the app will write to: only what mail can reach (``council.email_address``)."""
    return EmailField(label, filters=[strip], validators=[
        InputRequired("Indiquez votre adresse e-mail."), DeliverableEmail(),
    ], render_kw={"autocomplete": "email"})


def _phone_field() -> TelField:
    return TelField("Téléphone", validators=[
        Optional(),
        Regexp(PHONE, message="Indiquez un numéro de téléphone, par exemple 06 12 34 56 78."),
        Length(max=30, message="30 caractères au plus."),  # the column's size, "+" included
    ], render_kw={"autocomplete": "tel"})


def _neighbourhood_choices(neighbourhoods) -> list[SelectChoice]:
    return choices([(n.slug, n.name) for n in neighbourhoods] + [(ELSEWHERE, "Un autre quartier")])


class ApplicationForm(CouncilForm):
    """The public application. Call ``set_neighbourhoods`` before validating or rendering."""

    college = Radios("Le collège auquel vous candidatez", choices=choices([
        (College.RESIDENT.value, "Collège des habitants"),
        (College.LOCAL_ACTOR.value, "Collège des acteurs locaux"),
    ]), validators=[InputRequired("Choisissez le collège auquel vous candidatez.")])
    first_name = StringField("Prénom", filters=[strip], validators=[
        DataRequired("Indiquez votre prénom."), Length(max=100, message="100 caractères au plus.")],
        render_kw={"autocomplete": "given-name"})
    last_name = StringField("Nom", filters=[strip], validators=[
        DataRequired("Indiquez votre nom."), Length(max=100, message="100 caractères au plus.")],
        render_kw={"autocomplete": "family-name"})
    birth_date = TypedDateField("Date de naissance", format=DATE_FORMATS,
                                invalid_value_message=DATE_INVALID,
                                validators=[InputRequired("Indiquez votre date de naissance.")],
                                render_kw={"autocomplete": "bday", "maxlength": 10})
    email = _email_field()
    phone = _phone_field()
    gender = Radios("Genre", choices=choices((g.value, g.label.capitalize()) for g in Gender),
                    validators=[OnlyForResidents(), Optional()])
    home_neighbourhood = Radios("Le quartier où vous habitez", validators=[
        OnlyForResidents(), InputRequired("Indiquez le quartier où vous habitez.")])
    address = StringField("Adresse", filters=[strip], validators=[
        OnlyForResidents(), DataRequired("Indiquez votre adresse."),
        Length(max=300, message="300 caractères au plus.")],
        render_kw={"autocomplete": "address-line1"})
    also_activity = Radios("Avez-vous aussi une activité dans le quartier ?", choices=choices([
        ("oui", "Oui, j'ai une activité dans le quartier"),
        ("non", "Non")]), validators=[Optional()])
    actor_category = Radios("Votre activité", choices=choices(
        (c.value, c.label.capitalize()) for c in ActorCategory), validators=[
        RequiredForLocalActors("Indiquez votre activité.")])
    structure_name = StringField("Nom de votre association, commerce, entreprise ou cabinet",
                                 filters=[strip], validators=[
        RequiredForLocalActors("Indiquez le nom de votre structure."),
        Length(max=200, message="200 caractères au plus.")], render_kw={"autocomplete": "organization"})
    activity_neighbourhood = Radios("Le quartier de votre activité principale", validators=[
        RequiredForLocalActors("Indiquez le quartier de votre activité principale.")])
    incompatible_office = Radios(
        "Êtes-vous élu·e, représentant·e de l'État ou salarié·e de la politique de la ville ?",
        choices=choices([("non", "Non, je n'exerce aucune de ces fonctions"),
                         ("oui", "Oui, j'exerce l'une de ces fonctions")]),
        validators=[InputRequired("Répondez à cette question.")])
    motivation = TextAreaField("Pourquoi souhaitez-vous rejoindre le conseil citoyen ?", validators=[
        Optional(), Length(max=2000, message="2 000 caractères au plus.")])
    # Not a consent: the application rests on the request to join (see /donnees-personnelles)
    notice_read = BooleanField("J'ai lu comment mes données sont utilisées", validators=[
        InputRequired("Cochez cette case pour dire que vous avez lu comment vos données sont "
                      "utilisées.")])
    website = StringField("Site web (laissez ce champ vide)")  # honeypot: people never see it

    def validate_birth_date(self, field) -> None:
        mistake = field.data and birth_date_mistake(field.data, dates.today())
        if mistake:
            raise StopValidation(mistake)

    def set_neighbourhoods(self, neighbourhoods) -> None:
        """Offer the council's neighbourhoods (from the database) and "un autre quartier"."""
        choices = _neighbourhood_choices(neighbourhoods)
        self.home_neighbourhood.choices = choices
        self.activity_neighbourhood.choices = choices

    @property
    def is_local_actor(self) -> bool:
        return self.college.data == College.LOCAL_ACTOR.value

    def _slug(self, field) -> str | None:
        return None if field.data in (None, "", ELSEWHERE) else field.data

    def _actor_category(self) -> ActorCategory | None:
        # A resident's actor fields are not validated: they only serve to suggest the other college
        if self._activity_declined():
            return None
        values = {category.value: category for category in ActorCategory}
        return values.get(self.actor_category.data)

    def _activity_declined(self) -> bool:
        """A resident who answered "no activity": whatever the (hidden) actor fields hold is not read."""
        return not self.is_local_actor and self.also_activity.data == "non"

    def may_fit_residents(self, decision) -> bool:
        """A refused local actor is not asked where they live, so the rule cannot tell whether
        the habitants college fits: when only the activity stood in the way, it may."""
        return self.is_local_actor and bool(decision.reasons) and set(decision.reasons) <= {
            Reason.NOT_LOCAL_ACTOR, Reason.ACTIVITY_OUTSIDE}

    def _asked(self, name: str) -> bool:
        return asks(College(self.college.data), name)

    def applicant(self) -> Applicant:
        """What the eligibility rule needs, from the validated form."""
        return Applicant(
            birth_date=self.birth_date.data,
            college=College(self.college.data),
            home_neighbourhood=(self._slug(self.home_neighbourhood)
                                if self._asked("home_neighbourhood") else None),
            actor_category=self._actor_category(),
            activity_neighbourhood=None if self._activity_declined() else self._slug(
                self.activity_neighbourhood),
            holds_incompatible_office=self.incompatible_office.data == "oui",
        )

    def application_fields(self) -> dict:
        """The application's columns (neighbourhoods as slugs), from the validated form; a
        question the college is not asked is stored empty, whatever was posted."""
        local_actor = self.is_local_actor
        asked = self._asked
        return {
            "college": College(self.college.data),
            "first_name": self.first_name.data.strip(),
            "last_name": self.last_name.data.strip(),
            "birth_date": self.birth_date.data,
            "email": self.email.data,
            "phone": (self.phone.data or "").strip() or None,
            "gender": Gender(self.gender.data) if asked("gender") and self.gender.data else None,
            "home_neighbourhood": self._slug(self.home_neighbourhood) if asked("home_neighbourhood")
            else None,
            "address": self.address.data.strip() if asked("address") else None,
            "actor_category": self._actor_category() if local_actor else None,
            "structure_name": (self.structure_name.data or "").strip() or None if local_actor else None,
            "activity_neighbourhood": self._slug(self.activity_neighbourhood) if local_actor else None,
            "motivation": (self.motivation.data or "").strip() or None,
        }


class RejectForm(CouncilForm):
    """Refusing an application: the reason is e-mailed to the applicant."""

    reason = TextAreaField("Motif du refus (envoyé au candidat ou à la candidate)", validators=[
        InputRequired("Indiquez le motif du refus : il sera envoyé par e-mail."),
        Length(min=5, max=1000, message="Entre 5 et 1 000 caractères.")])


class ActionForm(CouncilForm):
    """A button that changes something: only the CSRF token travels."""


class ActivationForm(NewPasswordRules, CouncilForm):
    """Choosing a first password from the activation link (``for_owner`` the account first)."""

    password = PasswordField("Nouveau mot de passe", validators=[
        InputRequired("Choisissez un mot de passe."), Length(max=1024), acceptable_password],
        description=password_hint(False), render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Confirmez le mot de passe", validators=[
        InputRequired("Tapez le mot de passe une seconde fois."),
        EqualTo("password", message="Les deux mots de passe ne sont pas identiques.")],
        render_kw={"autocomplete": "new-password"})


class PasswordChangeForm(ActivationForm):
    """Changing one's password: the current one first."""

    current = PasswordField("Mot de passe actuel", validators=[
        InputRequired("Indiquez votre mot de passe actuel."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"})


class RosterFilterForm(CouncilForm):
    """Filters of the roster. The form is POSTed (the search may hold a name or an e-mail: never
    in an address); links may carry the other filters. The CSRF token is checked for the whole
    app by CSRFProtect, so the form itself does not check it (a GET has none)."""

    class Meta:
        csrf = False

    q = SearchField("Rechercher", validators=[Optional(), Length(max=100)])
    college = SelectField("Collège", choices=choices(
        [("", "Tous")] + [(c.value, c.short_label.capitalize()) for c in College]),
        filters=[strip], validators=[Optional()])  # Optional() lets blanks through unstripped
    neighbourhood = SelectField("Quartier", filters=[strip], validators=[Optional()])
    status = SelectField("Statut", choices=choices([("active", "Actifs"), ("left", "Partis"),
                                                    ("all", "Tous")]),
                         default="active", filters=[strip], validators=[Optional()])

    def set_neighbourhoods(self, neighbourhoods) -> None:
        self.neighbourhood.choices = choices([("", "Tous")] + [(n.slug, n.name) for n in neighbourhoods])


class MemberForm(CouncilForm):
    """An organiser corrects a member's record."""

    first_name = StringField("Prénom", filters=[strip], validators=[
        DataRequired("Indiquez le prénom."), Length(max=100, message="100 caractères au plus.")])
    last_name = StringField("Nom", filters=[strip], validators=[
        DataRequired("Indiquez le nom."), Length(max=100, message="100 caractères au plus.")])
    email = _email_field()
    phone = _phone_field()
    # Asked of the habitants college only, as on the application (``minimisation``)
    address = StringField("Adresse", filters=[strip], validators=[
        OnlyForResidents(), Optional(), Length(max=300, message="300 caractères au plus.")])
    gender = Radios("Genre", choices=choices((g.value, g.label.capitalize()) for g in Gender),
                    validators=[OnlyForResidents(), Optional()])
    college = Radios("Collège", choices=choices((c.value, c.label.capitalize()) for c in College),
                     validators=[InputRequired("Choisissez le collège.")])
    neighbourhood = Radios("Quartier", validators=[InputRequired("Choisissez le quartier.")])
    actor_category = Radios("Activité (acteurs locaux)", choices=choices(
        (c.value, c.label.capitalize()) for c in ActorCategory), validators=[Optional()])
    structure_name = StringField("Structure (acteurs locaux)", validators=[Optional(), Length(max=200)])
    joined_on = DateField("Date d'entrée", format=DATE_FORMATS, invalid_value_message=DATE_INVALID,
                          validators=[InputRequired("Indiquez la date d'entrée.")])
    mandate_ends_on = DateField("Fin de mandat", format=DATE_FORMATS, invalid_value_message=DATE_INVALID,
                                validators=[Optional()])

    def set_neighbourhoods(self, neighbourhoods) -> None:
        self.neighbourhood.choices = _neighbourhood_choices(neighbourhoods)

    def member_fields(self) -> dict:
        """The member's columns from the validated form (neighbourhood as a slug or None); a
        question the college is not asked is stored empty, whatever was posted."""
        college = College(self.college.data)
        local_actor = college is College.LOCAL_ACTOR
        asked = partial(asks, college)
        return {
            "first_name": self.first_name.data, "last_name": self.last_name.data,
            "email": self.email.data, "phone": (self.phone.data or "").strip() or None,
            "address": (self.address.data or None) if asked("address") else None,
            "gender": Gender(self.gender.data) if asked("gender") and self.gender.data else None,
            "college": college,
            "neighbourhood": None if self.neighbourhood.data == ELSEWHERE else self.neighbourhood.data,
            "actor_category": (ActorCategory(self.actor_category.data)
                               if local_actor and self.actor_category.data else None),
            "structure_name": (self.structure_name.data or "").strip() or None if local_actor else None,
            "joined_on": self.joined_on.data, "mandate_ends_on": self.mandate_ends_on.data,
        }

    def fill_from(self, member) -> None:
        """Show a member's record in the form (choices hold values, not enums)."""
        self.process(obj=member)
        self.neighbourhood.data = member.neighbourhood.slug if member.neighbourhood else ELSEWHERE
        self.college.data = member.college.value
        self.gender.data = member.gender.value if member.gender else None
        self.actor_category.data = member.actor_category.value if member.actor_category else None

    def validate_mandate_ends_on(self, field) -> None:
        if field.data and self.joined_on.data and field.data < self.joined_on.data:
            raise StopValidation("La fin du mandat ne peut pas précéder la date d'entrée.")


class AddMemberForm(MemberForm):
    """An organiser adds a member by hand: the record, how they joined, what the eligibility rule
    needs (the birth date is read, never stored), and the council's reason when it overrides it."""

    email = EmailField("Adresse e-mail", filters=[strip], validators=[Optional(), DeliverableEmail()],
                       render_kw={"autocomplete": "off"})
    join_method = Radios("Mode d'entrée", choices=choices(
        (m.value, m.label.capitalize()) for m in JoinMethod),
        validators=[InputRequired("Indiquez comment la personne entre au conseil.")])
    birth_date = TypedDateField("Date de naissance", format=DATE_FORMATS,
                                invalid_value_message=DATE_INVALID,
                                validators=[InputRequired("Indiquez la date de naissance.")],
                                render_kw={"maxlength": 10})
    incompatible_office = Radios(
        "La personne est-elle élue, représentante de l'État ou salariée de la politique de la ville ?",
        choices=choices([("non", "Non"), ("oui", "Oui")]),
        validators=[InputRequired("Répondez à cette question.")])
    # typed as JJ/MM/AAAA (a date field's order would follow the browser's language)
    joined_on = TypedDateField("Date d'entrée", format=DATE_FORMATS, invalid_value_message=DATE_INVALID,
                               validators=[InputRequired("Indiquez la date d'entrée.")],
                               render_kw={"maxlength": 10})
    mandate_ends_on = TypedDateField("Fin de mandat", format=DATE_FORMATS,
                                     invalid_value_message=DATE_INVALID, validators=[Optional()],
                                     render_kw={"maxlength": 10})
    override_reason = TextAreaField("Raison retenue par le conseil", validators=[
        Optional(), Length(max=500, message="500 caractères au plus.")])

    def validate_birth_date(self, field) -> None:
        mistake = field.data and birth_date_mistake(field.data, dates.today())
        if mistake:
            raise StopValidation(mistake)

    def applicant(self) -> Applicant:
        """What the eligibility rule needs: the one neighbourhood of the record is the home for
        a resident, the activity's for a local actor."""
        college = College(self.college.data)
        slug = None if self.neighbourhood.data in (None, "", ELSEWHERE) else self.neighbourhood.data
        local_actor = college is College.LOCAL_ACTOR
        return Applicant(
            birth_date=self.birth_date.data, college=college,
            home_neighbourhood=None if local_actor else slug,
            actor_category=(ActorCategory(self.actor_category.data)
                            if local_actor and self.actor_category.data else None),
            activity_neighbourhood=slug if local_actor else None,
            holds_incompatible_office=self.incompatible_office.data == "oui")


class InvitationForm(CouncilForm):
    """Inviting the members of a roster filter: the filter travels in hidden fields."""

    q = HiddenField(validators=[Optional(), Length(max=100)])
    college = HiddenField(validators=[Optional(), AnyOf(["", *(c.value for c in College)])])
    neighbourhood = HiddenField(validators=[Optional(), Length(max=100)])


class DepartureForm(CouncilForm):
    """A member leaves the council: resignation, moving out, or removal. History is kept."""

    status = Radios("Motif du départ", choices=choices(
        (s.value, s.label.capitalize()) for s in MemberStatus if s is not MemberStatus.ACTIVE),
        validators=[InputRequired("Choisissez le motif du départ.")])
    left_on = DateField("Date du départ", format=DATE_FORMATS, invalid_value_message=DATE_INVALID,
                        validators=[InputRequired("Indiquez la date du départ.")])
    reason = TextAreaField("Précisions (facultatif)", validators=[
        Optional(), Length(max=500, message="500 caractères au plus.")])


class RenewalForm(CouncilForm):
    """An organiser renews a member's mandate: its new end date (the rule: ``mandates``)."""

    mandate_ends_on = DateField("Nouvelle fin du mandat", format=DATE_FORMATS,
                                invalid_value_message=DATE_INVALID,
                                validators=[InputRequired("Indiquez la nouvelle date de fin du mandat.")])


class ContactForm(CouncilForm):
    """A member's own phone and address (the e-mail has its own form: it needs a confirmation)."""

    phone = _phone_field()
    address = StringField("Adresse", validators=[
        Optional(), Length(max=300, message="300 caractères au plus.")],
        render_kw={"autocomplete": "address-line1"})

    def for_college(self, college: College) -> ContactForm:
        """Without the address when the member's college is not asked it (``minimisation``)."""
        if not asks(college, "address"):
            del self.address
        return self

    @property
    def address_given(self) -> str | None:
        """The address typed, or None when the form does not ask it."""
        return self.address.data if self.address is not None else None


ALARM_CHOICES = [("", "Aucun rappel"), ("60", "1 heure avant"), ("1440", "1 jour avant")]


class PreferencesForm(CouncilForm):
    """A member's choices about meetings: meeting mail (invitations, updates and reminders: one
    switch), and the reminder alarm their private calendar feed carries."""

    invitations_by_email = BooleanField(
        "Recevoir les invitations et les rappels des réunions par e-mail (ils s'ajoutent à mon "
        "agenda et le mettent à jour quand la réunion change)")
    feed_alarm = RadioField("Rappel dans mon agenda abonné", choices=ALARM_CHOICES, default="")

    def fill_from(self, member) -> PreferencesForm:
        self.invitations_by_email.data = member.invitations_by_email
        self.feed_alarm.data = str(member.feed_alarm_minutes or "")
        return self

    @property
    def alarm_minutes(self) -> int | None:
        return int(self.feed_alarm.data) if self.feed_alarm.data else None


class EmailChangeForm(CouncilForm):
    """Asking to change one's login e-mail: the new address, and the password as proof."""

    new_email = _email_field("Nouvelle adresse e-mail")
    email_password = PasswordField("Votre mot de passe", validators=[
        InputRequired("Indiquez votre mot de passe."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"})


class ResignForm(CouncilForm):
    """A member resigns from the council."""

    reason = TextAreaField("Voulez-vous nous dire pourquoi ? (facultatif)", validators=[
        Optional(), Length(max=500, message="500 caractères au plus.")])
    confirm = BooleanField("Je confirme que je quitte le conseil citoyen.", validators=[
        InputRequired("Cochez cette case pour confirmer votre démission.")])


class ImportConfirmForm(CouncilForm):
    """Confirming a roster import: the file comes back (base64) and is read again, so nothing
    of it is kept on the server between the preview and the import."""

    content = HiddenField(validators=[Length(min=1, max=600_000)])  # no "required" flag: hidden

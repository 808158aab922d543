"""Meeting forms, with French labels and messages beside the fields."""

from __future__ import annotations

from datetime import datetime

from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from council.dates import to_paris
from council.forms import (
    CouncilForm,
    CouncilSubform,
    MultiCheckboxField,
    choice_required,
    choices,
    optional_int,
)
from council.meetings.models import (
    AnswerChoice,
    AttendanceStatus,
    MeetingKind,
    MinutesFormat,
    Visibility,
)
from council.meetings.rules import (
    ANSWER_WORD_MAX,
    MAX_AGENDA_POINTS,
    LocalTimeError,
    agenda_problem,
    paris_instant,
    paris_parts,
)
from council.meetings.services.meetings import MeetingData

BLANK_AGENDA_ROWS = 3
# Agenda rows read from a request: enough to show an over-long agenda back with its message,
# never the 30,000 rows a forged request may send (those beyond are not read).
AGENDA_ROWS_READ = MAX_AGENDA_POINTS * 2


class AgendaItemForm(CouncilSubform):
    """One line of the agenda; ``item_id`` ties it to the stored point when editing."""

    item_id = HiddenField()
    title = StringField("Intitulé du point", validators=[
        Length(max=300, message="300 caractères au plus.")])


NOTIFY_LABEL = ("Envoyer l'invitation par e-mail aux membres concernés : elle s'ajoute à leur "
                "agenda, qui se met à jour à chaque changement")


class MeetingForm(CouncilForm):
    max_agenda_points = MAX_AGENDA_POINTS
    title = StringField("Titre", validators=[
        DataRequired("Indiquez le titre de la réunion."),
        Length(max=200, message="Le titre ne doit pas dépasser 200 caractères.")])
    kind = SelectField(
        "Type de réunion",
        choices=choices([("", "Choisissez…")] + [(k.value, k.label) for k in MeetingKind]),
        validators=[InputRequired("Choisissez le type de réunion.")])
    day = DateField("Date", validators=[InputRequired("Indiquez la date de la réunion.")])
    start_time = TimeField("Heure de début", validators=[
        InputRequired("Indiquez l'heure de début.")])
    end_time = TimeField("Heure de fin", validators=[InputRequired("Indiquez l'heure de fin.")])
    place_name = StringField("Lieu", validators=[
        DataRequired("Indiquez le lieu de la réunion."), Length(max=200, message="200 caractères au plus.")])
    place_address = StringField("Adresse", validators=[
        Optional(), Length(max=300, message="300 caractères au plus.")])
    description = TextAreaField("Présentation", validators=[
        Optional(), Length(max=5000, message="5 000 caractères au plus.")])
    visibility = RadioField(
        "Qui peut voir cette réunion ?",
        choices=choices([(Visibility.PUBLIC.value, "Tout le monde (réunion publique sur le site)"),
                         (Visibility.MEMBERS.value, "Seulement les membres connectés")]),
        default=Visibility.PUBLIC.value,
        validators=[InputRequired("Choisissez qui peut voir la réunion.")])
    agenda = FieldList(FormField(AgendaItemForm), label="Ordre du jour", max_entries=AGENDA_ROWS_READ)
    delegates = MultiCheckboxField("Membres délégués", coerce=int, validators=[Optional()])
    notify = BooleanField(NOTIFY_LABEL, default=True)

    def __init__(self, *args, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        self.starts_at: datetime | None = None
        self.ends_at: datetime | None = None
        self.agenda_error: str | None = None

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the times: they must exist in Paris, end after start, in the future."""
        valid = super().validate(extra_validators)
        self.agenda_error = agenda_problem(row.title.data for row in self.agenda)
        valid = valid and self.agenda_error is None
        if self.day.data and self.start_time.data and self.end_time.data:
            valid = self._check_times() and valid
        return valid

    def _check_times(self) -> bool:
        ok = True
        try:
            self.starts_at = paris_instant(self.day.data, self.start_time.data)
        except LocalTimeError as error:
            self.start_time.errors.append(str(error))
            ok = False
        try:
            self.ends_at = paris_instant(self.day.data, self.end_time.data)
        except LocalTimeError as error:
            self.end_time.errors.append(str(error))
            ok = False
        if ok and self.ends_at <= self.starts_at:
            self.end_time.errors.append("L'heure de fin doit être après l'heure de début.")
            ok = False
        if ok and self.now is not None and self.starts_at <= self.now:
            self.day.errors.append("La réunion doit commencer dans le futur.")
            ok = False
        return ok

    def error_list(self) -> list[tuple[str, str, str]]:
        """``(field id, label, message)`` for the summary above the form; agenda lines by number."""
        found = []
        for field in self:
            if field.name == "agenda":
                if self.agenda_error:
                    found.append(("agenda-rows", "Ordre du jour", self.agenda_error))
                for number, entry in enumerate(field, start=1):
                    for message in entry.form.title.errors:
                        found.append((entry.form.title.id, f"Point {number}", message))
            elif field.errors and field.name != "csrf_token":
                found.append((field.id, field.label.text, " ".join(field.errors)))
        return found

    def fill(self, meeting, blank_rows: int = BLANK_AGENDA_ROWS) -> None:
        """Show a stored meeting in the form (Paris local day and times)."""
        self.title.data, self.kind.data = meeting.title, meeting.kind.value
        self.day.data, self.start_time.data = paris_parts(meeting.starts_at)
        self.end_time.data = paris_parts(meeting.ends_at)[1]
        self.place_name.data, self.place_address.data = meeting.place_name, meeting.place_address
        self.description.data, self.visibility.data = meeting.description, meeting.visibility.value
        self.delegates.data = [member.id for member in meeting.delegates]
        for item in meeting.agenda_items:
            self.agenda.append_entry({"item_id": str(item.id), "title": item.title})
        self.add_blank_rows(blank_rows)

    def add_blank_rows(self, count: int = BLANK_AGENDA_ROWS) -> None:
        for _ in range(min(count, AGENDA_ROWS_READ - len(self.agenda.entries))):
            self.agenda.append_entry()

    def to_data(self) -> MeetingData:
        """The validated values, for the services."""
        kind = MeetingKind(self.kind.data)
        return MeetingData(
            title=self.title.data, kind=kind, starts_at=self.starts_at, ends_at=self.ends_at,
            place_name=self.place_name.data, place_address=self.place_address.data or "",
            description=self.description.data or "", visibility=Visibility(self.visibility.data),
            agenda=[(_int_or_none(row.item_id.data), row.title.data or "") for row in self.agenda],
            delegate_ids=list(self.delegates.data or []) if kind.is_contract_instance else [],
        )


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CancelForm(CouncilForm):
    reason = TextAreaField("Raison de l'annulation", validators=[
        DataRequired("Indiquez la raison de l'annulation : elle sera affichée avec la réunion."),
        Length(max=500, message="500 caractères au plus.")])
    notify = BooleanField(NOTIFY_LABEL, default=True)


class AnswerForm(CouncilForm):
    """A member's answer before a meeting (from its page, or from the link of an e-mail)."""

    choice = RadioField("Votre choix", validate_choice=False, choices=[
        (AnswerChoice.PRESENT.value, "Je serai présent·e"),
        (AnswerChoice.EXCUSED.value, "Je serai excusé·e (je ne pourrai pas venir)")],
        validators=[choice_required("Choisissez « présent·e » ou « excusé·e ».")])
    word = StringField("Un mot pour l'organisation (facultatif)", validators=[
        Optional(), Length(max=ANSWER_WORD_MAX, message=f"{ANSWER_WORD_MAX} caractères au plus.")])


class MinutesForm(CouncilForm):
    minutes_format = RadioField(
        "Mise en forme",
        choices=choices([(MinutesFormat.TEXT.value, "Texte simple"),
                         (MinutesFormat.MARKDOWN.value, "Markdown (titres, listes, gras, liens)")]),
        default=MinutesFormat.TEXT.value,
        validators=[InputRequired("Choisissez la mise en forme.")])
    text = TextAreaField("Compte rendu", validators=[
        Optional(), Length(max=50_000, message="50 000 caractères au plus.")])


class NewAgendaPointForm(CouncilForm):
    """Put an observation or an avis on an upcoming meeting's agenda by adding a point there."""

    meeting = SelectField("Réunion à venir", coerce=optional_int, validate_choice=False,
                          validators=[choice_required("Choisissez la réunion.")])
    title = StringField("Intitulé du point", validators=[
        DataRequired("Indiquez l'intitulé du point."), Length(max=300, message="300 caractères au plus.")])

    def __init__(self, *args, **kwargs):
        from council.meetings.services.meetings import open_meetings

        super().__init__(*args, **kwargs)
        self.meeting.choices = [("", "— choisir —")] + [
            (m.id, f"{to_paris(m.starts_at):%d/%m/%Y} — {m.title}") for m in open_meetings()]


class AllPresentForm(CouncilForm):
    """« Tous présents »: the button alone (and its CSRF token)."""


ATTENDANCE_CHOICES = [(s.value, s.label.capitalize()) for s in AttendanceStatus] + [
    ("", "Non renseigné")]


def attendance_form(lines, formdata=None) -> CouncilForm:
    """A form with one choice per member of the register (field ``member_<id>``)."""

    class AttendanceForm(CouncilForm):
        pass

    for line in lines:
        field = RadioField(line.member.full_name, choices=choices(ATTENDANCE_CHOICES),
                           default=line.proposed.value if line.proposed else "",
                           validators=[Optional()])
        setattr(AttendanceForm, f"member_{line.member.id}", field)
    return AttendanceForm(formdata=formdata) if formdata is not None else AttendanceForm()


def attendance_marks(form, lines) -> dict[int, AttendanceStatus | None]:
    """The statuses chosen in a validated attendance form."""
    marks = {}
    for line in lines:
        field = form[f"member_{line.member.id}"]
        if not field.raw_data:  # not sent (a member added since the page was shown): untouched
            continue
        marks[line.member.id] = AttendanceStatus(field.data) if field.data else None
    return marks

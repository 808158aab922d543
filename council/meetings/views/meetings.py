"""Meetings: the list, one meeting (its page and its .ics), and the organisers' create / edit /
cancel forms."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from council import french
from council.auth.access import role_required, viewer_is_member, viewer_is_organiser
from council.auth.models import Role
from council.database import utcnow
from council.extensions import db, login_manager
from council.forms import choices
from council.http import page_argument
from council.ical import MEDIA_TYPE
from council.itip import Notice
from council.meetings import agenda_links, bp
from council.meetings.forms import AnswerForm, CancelForm, MeetingForm
from council.meetings.minutes import render_minutes
from council.meetings.models import Meeting, MinutesFormat
from council.meetings.rules import answer_problem
from council.meetings.services import answers
from council.meetings.services.attendance import quorum_status
from council.meetings.services.calendars import meeting_bytes, page_prefix
from council.meetings.services.concerned import concerned_members, is_concerned
from council.meetings.services.invitations import (
    InvitationReport,
    send_changes,
    send_invitations,
)
from council.meetings.services.meetings import (
    AGENDA_AND_DELEGATES,
    cancel_meeting,
    create_meeting,
    ensure_editable,
    meetings_page,
    update_meeting,
)
from council.membership.services.roster import active_members, member_of


def load_visible(meeting_id: int) -> Meeting:
    """The meeting, or 404; a members-only one sends visitors to sign in first."""
    meeting = db.get_or_404(Meeting, meeting_id, options=AGENDA_AND_DELEGATES)
    if not meeting.is_public and not viewer_is_member():
        abort(login_manager.unauthorized())
    return meeting


@bp.route("/reunions")
def index():
    """Upcoming meetings first, then past ones, paginated; members-only ones for members."""
    page = page_argument()
    pagination = meetings_page(viewer_is_member(), page,
                               current_app.config["MEETINGS_PER_PAGE"])
    now = utcnow()
    upcoming = [m for m in pagination.items if not m.is_over(now)]
    past = [m for m in pagination.items if m.is_over(now)]
    return render_template("meetings/index.html", pagination=pagination, upcoming=upcoming,
                           past=past, organiser=viewer_is_organiser())


@bp.route("/reunions/<int:meeting_id>")
def show(meeting_id: int):
    """One meeting: when, where, agenda, minutes once published; the member's answer (present
    or excused); for organisers, the answers and the quorum expected, and their actions."""
    return render_show(load_visible(meeting_id))


def render_show(meeting: Meeting, answer_form: AnswerForm | None = None):
    """The meeting's page (``answer_form``: the member's answer sent back with its problems)."""
    now = utcnow()
    organiser = viewer_is_organiser()
    minutes_html = None
    if meeting.minutes_published:
        minutes_html = render_minutes(meeting.minutes_text,
                                      meeting.minutes_format is MinutesFormat.MARKDOWN)
    quorum = quorum_status(meeting) if viewer_is_member() and meeting.has_started(now) else None
    # What was put on each point (observations, avis): for members only, never on the public page.
    on_agenda = agenda_links.links_for(i.id for i in meeting.agenda_items) if viewer_is_member() else {}
    return render_template(
        "meetings/show.html", meeting=meeting, minutes_html=minutes_html, quorum=quorum,
        on_agenda=on_agenda,
        organiser=organiser, editable=meeting.is_editable(now),
        show_delegates=viewer_is_member(),
        **answers_context(meeting, now, organiser, answer_form),
    )


def answers_context(meeting: Meeting, now, organiser: bool, form: AnswerForm | None) -> dict:
    """The member's own answer and its form; for organisers before the meeting starts, everyone's
    answers and the quorum expected."""
    context = {"my_answer": None, "answer_form": None, "answer_closed": None,
               "answers": None, "outlook": None}
    member = member_of(current_user) if viewer_is_member() else None
    if member is not None and not meeting.is_cancelled and is_concerned(meeting, member):
        mine = answers.answer_of(meeting, member)
        context["my_answer"] = mine
        context["answer_closed"] = answer_problem(False, meeting.starts_at, now)
        if context["answer_closed"] and mine is None:
            return context  # started, never answered: nothing to show
        if form is None:
            form = AnswerForm(formdata=None, data={"choice": mine.choice.value, "word": mine.word}
                              if mine else {})
        context["answer_form"] = form
    if organiser and not meeting.is_cancelled and not meeting.has_started(now):
        context["answers"] = answers.answers_overview(meeting)
        context["outlook"] = answers.quorum_outlook(meeting, now)
    return context


@bp.route("/reunions/<int:meeting_id>.ics")
def meeting_ics(meeting_id: int):
    """One meeting as a file to open in a calendar app (members-only ones for members)."""
    meeting = load_visible(meeting_id)
    response = Response(meeting_bytes(meeting, page_prefix()), content_type=MEDIA_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="reunion-{meeting.id}.ics"'
    return response


def _delegate_choices(form: MeetingForm, meeting: Meeting | None = None) -> None:
    members = {m.id: m for m in active_members()}
    if meeting is not None:
        members.update({m.id: m for m in meeting.delegates})
    form.delegates.choices = choices((m.id, m.full_name) for m in members.values())


NOT_SENT = "L'enregistrement est fait, mais les invitations n'ont pas pu être envoyées."


# What the organiser reads was sent, by what the change sends (all feminine: « envoyée(s) »)
SENT_WORDS = {Notice.INVITATION: ("invitation", "invitations"),
              Notice.UPDATE: ("mise à jour d'agenda", "mises à jour d'agenda"),
              Notice.CANCELLATION: ("annonce d'annulation", "annonces d'annulation")}


def _invite(meeting: Meeting, send, notice: Notice = Notice.INVITATION) -> None:
    """Send the invitations after the commit (``send()`` → InvitationReport): nothing here may
    undo the saved meeting or end in an error page; each member's message goes on its own. The
    organiser reads what happened, failures included (the meeting's page can send them again)."""
    try:
        report = send()
    except Exception:  # the messages could not even be prepared; the meeting is saved
        current_app.logger.exception("meeting %s: invitations not prepared", meeting.id)
        flash(NOT_SENT, "warning")
        return
    for text, category in invitation_flashes(report, notice):
        flash(text, category)


def invitation_flashes(report: InvitationReport,
                       notice: Notice = Notice.INVITATION) -> list[tuple[str, str]]:
    """What the organiser reads after sending (French, agreed in number): invitations, updates
    (an edit may also invite or withdraw a few: all are the calendar's update) or cancellations."""
    singular, plural_form = SENT_WORDS[notice]
    said = []
    if report.sent:
        said.append((f"{french.plural(report.sent, singular, plural_form)} "
                     f"envoyée{'s' if report.sent > 1 else ''} par e-mail.", "info"))
    if report.failed:
        verb = "n'ont" if report.failed > 1 else "n'a"
        again = ("renvoyez les invitations depuis la page de la réunion"
                 if notice is not Notice.CANCELLATION else "prévenez ces membres autrement")
        said.append((f"{french.plural(report.failed, singular, plural_form)} {verb} pas pu partir "
                     "(adresse refusée ou serveur de messagerie indisponible) : vérifiez les "
                     f"adresses, puis {again}.", "warning"))
    if report.without_address:
        said.append((f"{french.plural(report.without_address, 'membre')} sans adresse e-mail : "
                     "pas d'invitation.", "info"))
    if report.turned_off:
        said.append((f"{french.plural(report.turned_off, 'membre')} "
                     f"{'ont' if report.turned_off > 1 else 'a'} choisi de ne pas recevoir "
                     "les invitations par e-mail.", "info"))
    return said


@bp.route("/reunions/nouvelle", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def new():
    """Schedule a meeting."""
    form = MeetingForm(now=utcnow())
    _delegate_choices(form)
    if request.method == "GET":
        form.add_blank_rows(5)
    elif "more_rows" in request.form:
        form.add_blank_rows()
    elif form.validate_on_submit():
        meeting = create_meeting(form.to_data())
        db.session.commit()
        flash("La réunion est programmée.", "success")
        if form.notify.data:
            _invite(meeting, lambda: send_invitations(meeting, Notice.INVITATION))
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, meeting=None)


@bp.route("/reunions/<int:meeting_id>/modifier", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def edit(meeting_id: int):
    """Change a meeting that has not started; moving it raises its calendar SEQUENCE."""
    meeting = db.get_or_404(Meeting, meeting_id, options=AGENDA_AND_DELEGATES)
    now = utcnow()
    ensure_editable(meeting, now)  # refused: back to the meeting's page (views/__init__.py)
    form = MeetingForm(now=now)
    _delegate_choices(form, meeting)
    if request.method == "GET":
        form.fill(meeting)
    elif "more_rows" in request.form:
        form.add_blank_rows()
    elif form.validate_on_submit():
        invited = {member.id for member in concerned_members(meeting)}
        changes = update_meeting(meeting, form.to_data(), now)
        db.session.commit()
        flash("La réunion est modifiée.", "success")
        if form.notify.data:
            _invite(meeting, lambda: send_changes(meeting, invited, changes), Notice.UPDATE)
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, meeting=meeting)


@bp.route("/reunions/<int:meeting_id>/annuler", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def cancel(meeting_id: int):
    """Cancel a meeting, with a reason; it stays listed and in the calendars, marked cancelled."""
    meeting = db.get_or_404(Meeting, meeting_id)
    now = utcnow()
    ensure_editable(meeting, now)
    form = CancelForm()
    if form.validate_on_submit():
        cancel_meeting(meeting, form.reason.data, now)
        db.session.commit()
        flash("La réunion est annulée.", "success")
        if form.notify.data:
            _invite(meeting, lambda: send_invitations(meeting, Notice.CANCELLATION),
                    Notice.CANCELLATION)
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/cancel.html", form=form, meeting=meeting)


@bp.route("/reunions/<int:meeting_id>/invitations", methods=["POST"])
@role_required(Role.ORGANISER)
def resend_invitations(meeting_id: int):
    """Send the invitation again to every member concerned (after a failure, or an address
    corrected): the same UID and SEQUENCE, so calendars keep one copy."""
    meeting = db.get_or_404(Meeting, meeting_id, options=AGENDA_AND_DELEGATES)
    ensure_editable(meeting, utcnow())
    _invite(meeting, lambda: send_invitations(meeting, Notice.INVITATION))
    return redirect(url_for("meetings.show", meeting_id=meeting.id))

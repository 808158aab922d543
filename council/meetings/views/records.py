"""What organisers record about a meeting, even once it is over: attendance and minutes."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from council import french
from council.auth.access import role_required
from council.auth.models import Role
from council.database import utcnow
from council.extensions import db
from council.meetings import bp
from council.meetings.forms import AllPresentForm, MinutesForm, attendance_form, attendance_marks
from council.meetings.minutes import render_minutes
from council.meetings.models import Meeting, MinutesFormat
from council.meetings.services.attendance import (
    attendance_register,
    ensure_attendance_open,
    mark_unmarked_present,
    quorum_status,
    record_attendance,
    unexcused_absence_runs,
)
from council.meetings.services.meetings import (
    MinutesError,
    ensure_minutes_open,
    save_minutes,
)


@bp.route("/reunions/<int:meeting_id>/presences", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def attendance(meeting_id: int):
    """The attendance register: each member sitting on the meeting's day present, excused or
    absent; the quorum; the members with a run of unexcused absences."""
    meeting = db.get_or_404(Meeting, meeting_id)
    ensure_attendance_open(meeting, utcnow())  # refused: back to the meeting's page
    if request.method == "POST" and request.form.get("action") == "all_present":
        if AllPresentForm().validate_on_submit():
            written = mark_unmarked_present(meeting, current_user)
            db.session.commit()
            marked = french.plural(written, "membre marqué·e présent·e", "membres marqué·es présent·es")
            flash(f"Tous présents : {marked} ; les autres gardent leur marque.", "success")
        return redirect(url_for("meetings.attendance", meeting_id=meeting.id))
    lines = attendance_register(meeting)
    form = attendance_form(lines, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        record_attendance(meeting, attendance_marks(form, lines), current_user)
        db.session.commit()
        flash("La feuille de présence est enregistrée.", "success")
        return redirect(url_for("meetings.attendance", meeting_id=meeting.id))
    return render_template(
        "meetings/attendance.html", meeting=meeting, lines=lines, form=form,
        quorum=quorum_status(meeting), runs=unexcused_absence_runs(), all_present_form=AllPresentForm(),
        unmarked=sum(1 for line in lines if line.status is None),
    )


@bp.route("/reunions/<int:meeting_id>/compte-rendu", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def minutes(meeting_id: int):
    """Write the minutes, save them as a draft, publish them (or withdraw them)."""
    meeting = db.get_or_404(Meeting, meeting_id)
    ensure_minutes_open(meeting)  # refused: back to the meeting's page
    form = MinutesForm()
    if request.method == "GET":
        form.minutes_format.data = meeting.minutes_format.value
        form.text.data = meeting.minutes_text
    action = request.form.get("action", "save")
    publish = {"publish": True, "unpublish": False}.get(action)
    if form.validate_on_submit():
        try:
            save_minutes(meeting, form.text.data or "", MinutesFormat(form.minutes_format.data),
                         publish)
        except MinutesError as error:  # nothing written: the text goes back, the reason beside it
            form.text.errors.append(str(error))
        else:
            db.session.commit()
            flash({True: "Le compte rendu est publié.", False: "Le compte rendu n'est plus publié.",
                   None: "Le compte rendu est enregistré."}[publish], "success")
            if publish:
                return redirect(url_for("meetings.show", meeting_id=meeting.id))
            return redirect(url_for("meetings.minutes", meeting_id=meeting.id))
    preview = None
    if form.text.data:
        markdown = form.minutes_format.data == MinutesFormat.MARKDOWN.value  # may be any text sent
        preview = render_minutes(form.text.data, markdown)
    return render_template("meetings/minutes.html", meeting=meeting, form=form, preview=preview)

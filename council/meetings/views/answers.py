"""Members' answers before a meeting: from its page (signed in) or from the link of an e-mail
(no sign-in: a signed token for this member, this meeting and this purpose only).

A GET never changes anything (mail scanners open links): the link shows the choice and a button;
only the POST, with the page's CSRF token, records the answer."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from council.database import rollback_on, utcnow
from council.extensions import db
from council.meetings import bp
from council.meetings.answer_tokens import read_answer_token
from council.meetings.forms import AnswerForm
from council.meetings.models import AnswerChoice, Meeting
from council.meetings.rules import answer_problem
from council.meetings.services.answers import AnswerError, answer_of, record_answer
from council.meetings.services.concerned import is_concerned
from council.meetings.views.meetings import load_visible, render_show
from council.membership.models import Member
from council.membership.services.roster import member_of
from council.tenancy import current_council_id


def _said(choice: AnswerChoice) -> str:
    return {AnswerChoice.PRESENT: "vous serez présent·e",
            AnswerChoice.EXCUSED: "vous serez excusé·e"}[choice]


@bp.route("/reunions/<int:meeting_id>/reponse", methods=["POST"])
@login_required
def answer(meeting_id: int):
    """The signed-in member answers « présent·e » or « excusé·e » (with an optional word)."""
    meeting = load_visible(meeting_id)
    member = member_of(current_user)
    if member is None:
        flash("Votre compte n'est relié à aucune fiche de membre : il n'y a pas de réponse à "
              "donner.", "warning")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = AnswerForm()
    if not form.validate_on_submit():
        return render_show(meeting, answer_form=form)
    with rollback_on(AnswerError) as refusal:
        record_answer(meeting, member, AnswerChoice(form.choice.data), form.word.data or "")
    if refusal.error:
        flash(str(refusal.error), "warning")
    else:
        db.session.commit()
        flash(f"Votre réponse est enregistrée : {_said(AnswerChoice(form.choice.data))}.", "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id, _anchor="votre-reponse"))


def _granted(token: str) -> tuple[Meeting, Member] | None:
    """The meeting and member a token was made for, on this council; None when the token is not
    an answer token of this council for a meeting and a member that exist here."""
    grant = read_answer_token(current_app.config["SECRET_KEY"], token)
    if grant is None or grant.council_id != current_council_id():
        return None
    meeting = db.session.get(Meeting, grant.meeting_id)  # scoped: another council's is None
    member = db.session.get(Member, grant.member_id)
    if meeting is None or member is None or member.anonymised_at is not None:
        return None
    return meeting, member


@bp.route("/reunions/reponse/<token>", methods=["GET", "POST"])
def answer_by_link(token: str):
    """The link of an invitation or a reminder: the GET shows the meeting and the choice, the
    POST records it. Refused in French: a link altered or of another purpose or council (400),
    a meeting over (410)."""
    granted = _granted(token)
    if granted is None:
        return render_template("meetings/answer_invalid.html", expired=False), 400
    meeting, member = granted
    now = utcnow()
    if meeting.is_over(now):
        return render_template("meetings/answer_invalid.html", expired=True), 410
    closed = answer_problem(meeting.is_cancelled, meeting.starts_at, now)
    if closed is None and not is_concerned(meeting, member):
        closed = ("Cette réunion ne vous concerne pas ou plus : seuls les membres qui y siègent "
                  "répondent.")
    mine = answer_of(meeting, member)
    form = AnswerForm()
    if request.method == "POST" and closed is None and form.validate_on_submit():
        with rollback_on(AnswerError) as refusal:
            record_answer(meeting, member, AnswerChoice(form.choice.data), form.word.data or "", now)
        if refusal.error is None:
            db.session.commit()
            flash(f"Votre réponse est enregistrée : {_said(AnswerChoice(form.choice.data))}. "
                  "Vous pouvez la changer ici jusqu'au début de la réunion.", "success")
            return redirect(url_for("meetings.answer_by_link", token=token))
        closed = str(refusal.error)
    if request.method == "GET":
        wanted = request.args.get("choix")  # the e-mail's two links preselect a choice
        form = AnswerForm(formdata=None, data={
            "choice": wanted if wanted in ("present", "excused") else (mine.choice.value if mine else None),
            "word": mine.word if mine else ""})
    return render_template("meetings/answer.html", meeting=meeting, mine=mine, form=form,
                           closed=closed, token=token)

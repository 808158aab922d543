"""The avis page as the steps posted from it show it again: not a view, no route."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from council.auth.models import Role
from council.opinions.forms import AnswerForm, OpinionScheduleForm, TransmitForm
from council.opinions.lifecycle import Action, allowed_actions


def is_member() -> bool:
    return current_user.is_authenticated and current_user.has_role(Role.MEMBER)


def render_detail(opinion, forms=None, status=200):
    """The avis page with the next steps the person may take, and a form for each (``forms``
    replaces a fresh one by the one that was posted, with its errors)."""
    actions = []
    if is_member():
        actions = allowed_actions(opinion.status, is_organiser=current_user.has_role(Role.ORGANISER))
    forms = forms or {}
    if Action.SCHEDULE in actions:
        forms.setdefault("schedule", OpinionScheduleForm(prefix="schedule"))
    forms.setdefault("transmit", TransmitForm(prefix="transmit"))
    forms.setdefault("answer", AnswerForm(prefix="answer"))
    return render_template("opinions/detail.html", opinion=opinion, actions=actions, Action=Action,
                           forms=forms, is_member=is_member(),
                           published_observations=[o for o in opinion.observations if o.is_published]), status

"""The avis the council adopted, for everyone: the list and one avis's page."""

from __future__ import annotations

from flask import abort, current_app, render_template
from flask_login import current_user

from council.auth.access import viewer_is_member
from council.auth.models import Role
from council.extensions import db
from council.http import page_argument
from council.opinions import bp, services
from council.opinions.models import Opinion
from council.opinions.views import render_detail

PER_PAGE = 20


@bp.route("/avis")
def index():
    """The avis, propositions and interpellations the council adopted, for everyone."""
    pagination = services.public_page(page_argument(), PER_PAGE)
    return render_template("opinions/index.html", pagination=pagination, is_member=viewer_is_member())


@bp.route("/avis/<int:opinion_id>")
def detail(opinion_id: int):
    """One avis: public once adopted (with its vote, addressee and answer), prints on A4.
    Drafts and rejected avis are for members only."""
    opinion = db.get_or_404(Opinion, opinion_id, options=services.PAGE)
    if not opinion.status.is_public:
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        if not current_user.has_role(Role.MEMBER):
            abort(403)
    return render_detail(opinion)

"""Calendars: the public feed, private feeds and the subscription page."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wsgi import wrap_file

from council.extensions import db
from council.ical import MEDIA_TYPE
from council.meetings import bp
from council.meetings.services.calendars import (
    PUBLIC_FEED,
    Feed,
    FeedState,
    cached_feed_body,
    feed_state,
    page_prefix,
    private_feed_for_token,
    regenerate_token,
    subscription_links,
    token_of,
)


@bp.route("/reunions.ics")
def public_feed():
    """The public feed: public meetings from twelve months back, cancelled ones included."""
    return _feed(PUBLIC_FEED)


@bp.route("/calendrier/<token>.ics")
def private_feed(token: str):
    """An account's private feed (everything a member may see), opened by its secret alone."""
    feed = private_feed_for_token(token)
    if feed is None:
        abort(404)
    return _feed(feed)


def _feed(feed: Feed):
    """Answer 304 from the cheap validators when the app already has this version; otherwise
    the body built for this version, from the shared cache (built once per change)."""
    prefix = page_prefix()
    state = feed_state(feed, prefix)
    if _not_modified(state):
        response = Response(status=304)
    else:
        body = cached_feed_body(feed, prefix, state)
        if isinstance(body, bytes):
            response = Response(body, content_type=MEDIA_TYPE)
        else:  # the cached file itself, streamed (sendfile under gunicorn), closed when sent
            file, length = body
            response = Response(wrap_file(request.environ, file), content_type=MEDIA_TYPE,
                                direct_passthrough=True)
            response.content_length = length
    response.set_etag(state.etag)
    if state.last_modified is not None:
        response.last_modified = state.last_modified
    response.headers["Cache-Control"] = ("private, " if feed.owner_id else "") + "no-cache"
    return response


def _not_modified(state: FeedState) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains(state.etag)
    since = request.if_modified_since
    return bool(since and state.last_modified
                and state.last_modified.replace(microsecond=0) <= since)


@bp.route("/profil/calendrier")
@login_required
def subscription():
    """The account's private feed address, with a copy button, a webcal:// link and a way to
    replace it."""
    return render_template("meetings/subscription.html", **subscription_context())


def subscription_context() -> dict:
    """What ``meetings/_subscription.html`` needs for the signed-in account (the profile page
    shows the same section)."""
    return subscription_links(current_user)


@bp.route("/profil/calendrier/nouveau-lien", methods=["POST"])
@login_required
def regenerate():
    """Create the private feed link, or replace it: the old one then answers 404."""
    replaced = token_of(current_user) is not None
    regenerate_token(current_user)
    db.session.commit()
    flash("Votre nouveau lien d'abonnement est prêt ; l'ancien ne fonctionne plus."
          if replaced else "Votre lien d'abonnement est prêt.", "success")
    return redirect(request.form.get("back") if request.form.get("back") == "/profil"
                    else url_for("meetings.subscription"))

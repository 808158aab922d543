"""Avis pages, one module per sub-feature, each registering its routes on the ``opinions``
blueprint: ``public`` (the list and the avis page), ``drafting`` (drafts, the agenda, new
versions, the members' list), ``voting`` (the vote at the meeting), ``follow_up``
(transmission, answer, what waits for an answer). ``_detail`` renders the avis page, which the
steps posted from it show again with their form's errors; it holds no route."""

from council.opinions.views import drafting, follow_up, public, voting  # noqa: F401

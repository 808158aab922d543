"""A new member's account: the e-mailed link to choose a first password, and the account such a
link designates while it is still good."""

from __future__ import annotations

from flask import current_app

from council.auth.models import User
from council.auth.services.accounts import account_for_link
from council.links import absolute_url
from council.membership.tokens import (
    InvalidTokenError,
    make_activation_token,
    read_activation_token,
    token_still_unused,
)

MAX_TOKEN_LENGTH = 500  # a longer one was not made here: not worth reading


def activation_link(user: User) -> str:
    """The signed link, valid ``ACTIVATION_LINK_DAYS`` days and usable once, to choose a password."""
    token = make_activation_token(user, current_app.config["SECRET_KEY"])
    return absolute_url("membership.activate", token=token)


def account_to_activate(token: str, *, for_update: bool = False) -> tuple[User | None, bool]:
    """The active account the link was made for, if the link is still good and unused; else
    ``(None, expired?)``. ``for_update`` before using it: the row is locked and read afresh, so
    two uses of one link at the same instant cannot both set a password (``account_for_link``)."""
    if len(token) > MAX_TOKEN_LENGTH:
        return None, False
    try:
        user_id, fingerprint = read_activation_token(
            token, current_app.config["SECRET_KEY"],
            max_age_days=int(current_app.config["ACTIVATION_LINK_DAYS"]))
    except InvalidTokenError as error:
        return None, error.expired
    user = account_for_link(user_id, for_update=for_update)
    if user is None or not user.active_here or not token_still_unused(user, fingerprint):
        return None, False
    return user, False

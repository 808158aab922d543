"""Accounts, roles, sign-in and sign-out."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from council.auth import views  # noqa: E402,F401

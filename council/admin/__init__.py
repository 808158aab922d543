"""Administration: accounts and roles."""

from flask import Blueprint

from council import navigation
from council.auth.models import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")
navigation.add("admin.accounts", "Administration", role=Role.ADMIN, order=90)

from council.admin import views  # noqa: E402,F401

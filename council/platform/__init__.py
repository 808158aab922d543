"""The platform: the councils an install serves, for its platform administrators
(``user.is_platform_admin``): list them (counts only), create one with its first admin, set its
host names. No council's personal data is shown here, and a platform administrator without a
role in a council is nobody on that council's other pages (``council.auth.access.load_user``)."""

from flask import Blueprint

bp = Blueprint("platform", __name__, url_prefix="/plateforme")

from council.platform import views  # noqa: E402, F401  (registers the routes)

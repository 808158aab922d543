"""The contrat de ville's partners: the public directory (/partenaires) and its admin pages."""

from flask import Blueprint

from council import navigation

bp = Blueprint("partners", __name__)
navigation.add("partners.index", "Partenaires", order=27)

from council.partners import views  # noqa: E402,F401

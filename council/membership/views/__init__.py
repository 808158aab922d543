"""Membership pages: the public application, review by organisers, the roster, the member's
own profile. Each module registers its routes on the ``membership`` blueprint."""

from babel.dates import format_date

from council.eligibility import age_on
from council.membership import bp
from council.membership.views import apply, members, profile, review  # noqa: F401


@bp.app_template_filter("fr_month")
def _fr_month(value) -> str:
    """« novembre 2026 »."""
    return format_date(value, "MMMM y", locale="fr")


@bp.app_template_filter("age_on")
def _age_on(birth_date, today) -> int:
    """Full years on ``today``."""
    return age_on(birth_date, today)

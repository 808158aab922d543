"""Membership pages, one module per sub-feature: the public application (apply), review by
organisers (review), the roster (members), the member's own profile (profile). Each module
registers its routes on the ``membership`` blueprint; none imports another. The roster import
(importing) has its own module too."""

from babel.dates import format_date

from council.eligibility import College, Reason, age_on
from council.membership import bp
from council.membership.views import adding, apply, importing, members, profile, review  # noqa: F401


@bp.app_template_filter("fr_month")
def _fr_month(value) -> str:
    """« novembre 2026 »."""
    return format_date(value, "MMMM y", locale="fr")


@bp.app_template_filter("age_on")
def _age_on(birth_date, today) -> int:
    """Full years on ``today``."""
    return age_on(birth_date, today)


@bp.context_processor
def _enums() -> dict:
    """The enums membership's templates compare by identity: ``college is sameas College.RESIDENT``."""
    return {"College": College, "Reason": Reason}

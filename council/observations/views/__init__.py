"""Observation pages, one module per sub-feature: ``submission`` (residents: the public form and
the published list), ``lists`` (members: the list, its CSV export, the moderation queue) and
``tracking`` (one observation: logging it, its page, each step, its contact, its publication).
Each module registers its routes on the ``observations`` blueprint; none imports another."""

from council.observations.views import lists, submission, tracking  # noqa: F401

"""The request class: NUL characters are dropped from form fields and query arguments.

A NUL is never part of legitimate text typed by a person, and PostgreSQL refuses it in text
columns (SQLite stores it): dropping it at the edge keeps both engines alike and every area safe.
"""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property


def _without_nul(data: ImmutableMultiDict) -> ImmutableMultiDict:
    if not any("\x00" in key or "\x00" in value for key, value in data.items(multi=True)):
        return data
    return ImmutableMultiDict(
        (key.replace("\x00", ""), value.replace("\x00", "")) for key, value in data.items(multi=True)
    )


class CouncilRequest(Request):
    """Flask's request, with NUL-free ``form`` and ``args``."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form is not None:
            self.__dict__["form"] = _without_nul(form)

    @cached_property
    def args(self) -> ImmutableMultiDict:  # type: ignore[override]
        return _without_nul(super().args)

"""What comes in with a request: the request class (NUL characters are dropped from form fields
and query arguments), the ``int`` URL converter for ids, the page and id query arguments, and
the filters of a list searched by free text (``ListSearch``).

A NUL is never part of legitimate text typed by a person, and PostgreSQL refuses it in text
columns (SQLite stores it): dropping it at the edge keeps both engines alike and every area safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Request, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

from council.database import MAX_ID, clamp_page, valid_id


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


class IdConverter(IntegerConverter):
    """The app's ``int`` URL converter: an id beyond what a row can hold (``MAX_ID``) does not
    match the route, so it is a 404 before any query (PostgreSQL refuses such a number in a
    query, SQLite one beyond 2^63)."""

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min,
                         max=MAX_ID if max is None else max, signed=signed)


def page_argument(name: str = "page") -> int:
    """The page number asked for in the query string, within what the database can offset to
    (anything else, or nothing, is page 1 or the last allowed)."""
    return clamp_page(request.args.get(name, 1, type=int))


def id_argument(name: str) -> int | None:
    """An id from the query string, or None when absent or out of any row's range."""
    value = request.args.get(name, type=int)
    return value if valid_id(value) else None


@dataclass
class ListSearch:
    """A list's filters and page, where the free text (which may hold a name or an e-mail)
    never travels in the address: access logs, browser history and Referer headers keep
    addresses. The search form is POSTed (CSRF-checked); a GET reads only the other filters
    from the address, and drops any free text found there.

    ``values``: the filters for the list's form; ``page``: the page asked for; ``query``: the
    filters a page link may carry in its address (all but the free text); ``posted``: what the
    pager must POST again to turn the page (empty when there is no free text: plain links)."""

    values: MultiDict
    page: int
    query: dict[str, str] = field(default_factory=dict)
    posted: dict[str, str] = field(default_factory=dict)


def list_search(free_text: tuple[str, ...] = ("q",)) -> ListSearch:
    """The current request's ``ListSearch`` (see its docstring)."""
    source = request.form if request.method == "POST" else request.args
    values = MultiDict((key, value) for key, value in source.items(multi=True)
                       if key not in ("page", "csrf_token")
                       and (request.method == "POST" or key not in free_text))
    page = clamp_page(source.get("page", 1, type=int))
    query = {key: value for key, value in values.items() if key not in free_text and value}
    has_text = any(values.get(key, "").strip() for key in free_text)
    posted = {key: value for key, value in values.items() if value} if has_text else {}
    return ListSearch(values, page, query, posted)

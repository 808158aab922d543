"""The base of every form: typed text follows ``council.text``'s rules, and only text reaches a
text field.

``CouncilForm`` (a Flask-WTF form) and ``CouncilSubform`` (a plain WTForms form, for
``FormField`` rows) give each of their fields, before its own validators:

- single-line fields (``StringField``, ``EmailField``, ``TelField``, ``SearchField``,
  ``URLField``, ``HiddenField``): no line break, control or bidi character;
- multi-line fields (``TextAreaField``): line breaks and tabs, nothing else invisible;
- any field: a file sent under its name (a multipart upload) is not read as its value; the field
  says « Ce champ attend du texte, pas un fichier. ». Only str values are ever read: a JSON body is
  not taken as form data.

Passwords are left alone (they are hashed, never shown). The message is French and shown beside
the field, with what was typed kept, like every other.
"""

from __future__ import annotations

from datetime import date

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms import Form, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from council.database import valid_id
from council.text import multi_line_problem, single_line_problem

SINGLE_LINE_FIELDS = {"StringField", "EmailField", "TelField", "SearchField", "URLField",
                      "HiddenField"}
MULTI_LINE_FIELDS = {"TextAreaField"}
FILE_MESSAGE = "Ce champ attend du texte, pas un fichier."
NOT_TEXT_MESSAGE = "Ce champ attend du texte."


def _refused_value(form, field) -> str | None:
    return getattr(form, "_refused_values", {}).get(field.name)


def single_line(form, field) -> None:
    """Validator: the text fits on one line and holds nothing invisible."""
    if message := _refused_value(form, field):
        raise StopValidation(message)
    if isinstance(field.data, str) and (message := single_line_problem(field.data)):
        raise StopValidation(message)


def multi_line(form, field) -> None:
    """Validator: line breaks allowed, other invisible characters not."""
    if message := _refused_value(form, field):
        raise StopValidation(message)
    if isinstance(field.data, str) and (message := multi_line_problem(field.data)):
        raise StopValidation(message)


def other_field(form, field) -> None:
    """Validator for every other field: a file or a non-text value under its name is refused."""
    if message := _refused_value(form, field):
        raise StopValidation(message)


def text_only(form, formdata):
    """``formdata`` with only its text values (NUL characters dropped, as the request does);
    what was refused is remembered on the form for its fields' validators."""
    if formdata is None or not hasattr(formdata, "items"):
        return formdata
    pairs, refused = [], {}
    for key, value in formdata.items(multi=True):
        if isinstance(value, str):
            pairs.append((key, value.replace("\x00", "")))
        else:
            refused[key] = FILE_MESSAGE if isinstance(value, FileStorage) else NOT_TEXT_MESSAGE
    form._refused_values = refused
    return MultiDict(pairs)


class _TextRules:
    """Meta mixin: each bound field gets its text rule first among its validators; no control is
    rendered ``required`` (the forms are ``novalidate``: an empty required control reads as
    « invalide » to screen readers before anything was sent). Text-like controls say
    ``aria-required`` instead; radios cannot (their legend says « obligatoire »)."""

    def render_field(self, field, render_kw):
        if field.flags.required:
            render_kw = {**render_kw, "required": False}
            if getattr(field.widget, "input_type", None) not in ("radio",):
                render_kw.setdefault("aria-required", "true")
        return super().render_field(field, render_kw)

    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        rule = (single_line if field.type in SINGLE_LINE_FIELDS
                else multi_line if field.type in MULTI_LINE_FIELDS else other_field)
        field.validators = [rule, *field.validators]
        return field


class CouncilForm(FlaskForm):
    """A Flask-WTF form with the text rules (see the module's docstring)."""

    class Meta(_TextRules):
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto:  # Flask-WTF would also read a JSON body: HTML forms send fields
                if not _is_submitted() or not (request.form or request.files):
                    return None  # as Flask-WTF: nothing sent, the fields keep their data
                formdata = MultiDict([*request.form.items(multi=True),
                                      *request.files.items(multi=True)])
            return text_only(form, formdata)


class CouncilSubform(Form):
    """A plain WTForms form (a ``FormField`` row) with the same text rules; it reads the data its
    parent ``CouncilForm`` already cleaned (copying it again for each row would cost a lot)."""

    class Meta(_TextRules):
        pass


# The field kit every area's forms share --------------------------------------------------------

EARLIEST = date(2014, 1, 1)  # the politique de la ville's current framework; older dates are typos


def choices(pairs) -> list[SelectChoice]:
    """Choices for a select, radio or checkbox field, from ``(value, label)`` pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def strip(value):
    """Filter: surrounding spaces are not part of a name or an address."""
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (the volets' axes, a meeting's delegates)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choice_required(message: str):
    """Validator: a choice among the field's options is needed (French message, no English one)."""

    def check(_form, field):
        valid = {value for value, _label in field.choices}
        if field.data in ("", None) or field.data not in valid:
            raise StopValidation(message)

    check.field_flags = {"required": True}
    return check


def not_in_future(today_func):
    """Validator: the date is neither in the future nor absurdly old."""

    def check(_form, field):
        if field.data is None:
            return
        if field.data > today_func():
            raise ValidationError("Cette date est dans le futur.")
        if field.data < EARLIEST:
            raise ValidationError(f"Indiquez une date après le {EARLIEST:%d/%m/%Y}.")

    return check


def optional_int(value):
    """Coercion: ``""`` → None; the digits of a possible row id → int. Anything else (an id out of
    any row's range included) is refused by WTForms with a French message, before any query."""
    if value in ("", None):
        return None
    number = int(value)
    if not valid_id(number):
        raise ValueError("not an id")
    return number

"""E-mail addresses the app can write to: one rule for every field that records one.

An address is refused, in French, when mail cannot be sent to it without assuming more than plain
SMTP: a local part (before the « @ ») with letters outside ASCII (SMTPUTF8 is not assumed: the mail
library cannot even write such an address in a header), a local part over 64 characters or an
address over 254 (RFC 5321). The domain may hold accents: it is sent in its ASCII (IDNA) form.

Fields that only *look up* an address (sign-in, forgotten password, the admins' erasure search)
keep a lighter check: an address stored before this rule must still be found.
Pure rule (no Flask) plus its WTForms validator.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from wtforms.validators import ValidationError

MAX_LENGTH = 254  # RFC 5321: a path of 256 octets, minus the angle brackets
MAX_LOCAL_PART = 64

INVALID = "Indiquez une adresse e-mail valide, par exemple prenom.nom@exemple.fr."
TOO_LONG = f"Cette adresse est trop longue ({MAX_LENGTH} caractères au plus)."
LOCAL_PART_TOO_LONG = f"La partie avant le « @ » est trop longue ({MAX_LOCAL_PART} caractères au plus)."
NOT_ASCII = ("Avant le « @ », les lettres accentuées et les caractères spéciaux ne sont pas acceptés : "
             "beaucoup de messageries ne peuvent pas les recevoir. Indiquez une autre adresse.")


def address_problem(address: str) -> str | None:
    """Why mail cannot be sent to ``address``, in French; None when it can."""
    local_part, at, _domain = address.rpartition("@")
    if not at or not local_part:
        return INVALID
    if not local_part.isascii():
        return NOT_ASCII
    if len(local_part) > MAX_LOCAL_PART:
        return LOCAL_PART_TOO_LONG
    if len(address) > MAX_LENGTH:
        return TOO_LONG
    try:
        valid = validate_email(address, allow_smtputf8=False, check_deliverability=False)
    except EmailNotValidError as error:
        # an accented domain grows in its ASCII (IDNA) form, which is what is measured
        return TOO_LONG if "too long" in str(error) else INVALID
    return None if len(valid.ascii_email) <= MAX_LENGTH else TOO_LONG


def is_deliverable(address: str) -> bool:
    """True when ``address`` passes :func:`address_problem`."""
    return address_problem(address) is None


class DeliverableEmail:
    """WTForms validator: the address must pass :func:`address_problem` (an empty field is left
    to ``InputRequired`` / ``Optional``)."""

    messages = (INVALID, TOO_LONG, LOCAL_PART_TOO_LONG, NOT_ASCII)  # all it may say (fuzz tests)

    def __call__(self, _form, field) -> None:
        if not field.data:
            return
        problem = address_problem(field.data)
        if problem:
            raise ValidationError(problem)

"""Sign-in, password reset and confirmation forms."""

from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from council.auth.password_policy import password_hint
from council.auth.services.accounts import is_staff, new_password_problems
from council.forms import CouncilForm


class LoginForm(CouncilForm):
    email = EmailField(
        "Adresse e-mail",
        validators=[DataRequired("Indiquez votre adresse e-mail."), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Mot de passe",
        validators=[DataRequired("Indiquez votre mot de passe."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotPasswordForm(CouncilForm):
    email = EmailField(
        "Adresse e-mail de votre compte",
        validators=[DataRequired("Indiquez votre adresse e-mail."),
                    Length(max=254, message="Cette adresse est trop longue."),
                    Email("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).",
                          check_deliverability=False)],
        render_kw={"autocomplete": "username"},
    )


def acceptable_password(form, field):
    """Validator: the password policy for the form's ``password_owner`` (their role, names and
    e-mail); every reason it is refused is shown beside the field."""
    problems = new_password_problems(getattr(form, "password_owner", None), field.data or "")
    if problems:
        field.errors.extend(problems[:-1])
        raise ValidationError(problems[-1])


class NewPasswordRules:
    """Mixin for the forms where a password is chosen: ``for_owner(user)`` before validating, so
    the rule (and the hint) is the one of that account."""

    password_owner = None

    def for_owner(self, user):
        self.password_owner = user
        self.password.description = password_hint(is_staff(user))
        return self


class NewPasswordForm(NewPasswordRules, CouncilForm):
    password = PasswordField(
        "Nouveau mot de passe",
        validators=[DataRequired("Choisissez un mot de passe."), Length(max=1024),
                    acceptable_password],
        description=password_hint(False),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Confirmez le mot de passe",
        validators=[DataRequired("Retapez le mot de passe."),
                    EqualTo("password", "Les deux mots de passe ne sont pas identiques.")],
        render_kw={"autocomplete": "new-password"},
    )


class ConfirmPasswordForm(CouncilForm):
    password = PasswordField(
        "Votre mot de passe",
        validators=[DataRequired("Indiquez votre mot de passe."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class ActionForm(CouncilForm):
    """A button that changes something: only the CSRF token travels."""

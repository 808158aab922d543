"""Sign-in, password reset and confirmation forms."""

from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from council.auth.services.accounts import MIN_PASSWORD_LENGTH, check_new_password
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


def _acceptable_password(_form, field):
    reason = check_new_password(field.data or "")
    if reason:
        raise ValidationError(reason)


class NewPasswordForm(CouncilForm):
    password = PasswordField(
        "Nouveau mot de passe",
        validators=[DataRequired("Choisissez un mot de passe."), Length(max=1024),
                    _acceptable_password],
        description=f"Au moins {MIN_PASSWORD_LENGTH} caractères. Une phrase facile à retenir convient.",
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

"""The platform's forms: a new council with its first admin, a council's host names."""

from wtforms import BooleanField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from council.email_address import DeliverableEmail
from council.forms import CouncilForm, strip

HOSTS_HINT = ("Une adresse par ligne, sans « https:// » (par exemple conseil-flers.example.org) ; "
              "la première est celle des liens envoyés par e-mail.")


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


class NewCouncilForm(CouncilForm):
    slug = StringField("Identifiant (minuscules, chiffres, tirets)", filters=[_lower], validators=[
        DataRequired("Indiquez un identifiant, par exemple flers."), Length(max=80)])
    name = StringField("Nom du conseil", filters=[strip], validators=[
        DataRequired("Indiquez le nom du conseil."), Length(max=200, message="200 caractères au plus.")])
    city = StringField("Ville", filters=[strip], validators=[
        DataRequired("Indiquez la ville."), Length(max=120, message="120 caractères au plus.")])
    contact_email = StringField("Adresse de contact publique du conseil", filters=[strip], validators=[
        DataRequired("Indiquez l'adresse de contact du conseil."), DeliverableEmail()])
    hosts = TextAreaField("Adresses du site", validators=[Length(max=2000)])
    admin_email = StringField("Adresse e-mail de son premier administrateur ou de sa première "
                              "administratrice", filters=[strip],
                              validators=[Optional(), DeliverableEmail()])
    myself = BooleanField("Je serai moi-même le premier administrateur ou la première "
                          "administratrice de ce conseil (mon compte, sans invitation)")
    password = PasswordField("Votre mot de passe", validators=[
        DataRequired("Indiquez votre mot de passe."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"})


class HostsForm(CouncilForm):
    hosts = TextAreaField("Adresses du site", validators=[Length(max=2000)])

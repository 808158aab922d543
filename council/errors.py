"""French error pages; never a stack trace."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from limits.errors import StorageError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

MESSAGES = {
    400: ("Requête invalide",
          "La demande n'a pas pu être traitée. Rechargez la page et réessayez."),
    403: ("Accès refusé", "Vous n'avez pas le droit de voir cette page."),
    404: ("Page introuvable", "Cette page n'existe pas ou n'existe plus."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible sur cette page."),
    413: ("Envoi trop volumineux",
          "Ce que vous avez envoyé est trop volumineux : rien n'a été enregistré. Revenez en arrière "
          "avec le bouton « Retour » de votre navigateur (ce que vous avez tapé y est en général "
          "encore), raccourcissez le texte le plus long et envoyez de nouveau."),
    409: ("Modification simultanée",
          "Quelqu'un d'autre vient de faire la même modification. Rien n'a été enregistré de votre "
          "côté : rechargez la page pour voir où en sont les choses, puis réessayez si besoin."),
    429: ("Trop de tentatives",
          "Vous avez fait trop de tentatives en peu de temps. Patientez quelques minutes, "
          "puis réessayez : le bouton « Retour » de votre navigateur ramène en général à ce que "
          "vous aviez tapé."),
    503: ("Service momentanément indisponible",
          "Cette action est momentanément impossible et rien n'a été enregistré. Réessayez dans "
          "quelques minutes : le bouton « Retour » de votre navigateur ramène en général à ce que "
          "vous aviez tapé."),
    500: ("Erreur du serveur",
          "Une erreur inattendue s'est produite. Réessayez plus tard ; si cela continue, "
          "écrivez-nous."),
}
CSRF_MESSAGE = (
    "Le formulaire a expiré ou n'a pas pu être vérifié. Revenez en arrière, rechargez la page "
    "et envoyez-le de nouveau."
)


def render_error(code: int, message: str | None = None):
    """The French page for an HTTP error code."""
    title, default = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title,
                           message=message or default), code


def _own_message(error: HTTPException) -> str | None:
    """A rate limit's own French message (``limiter.limit(…, error_message=…)``), or None."""
    limit = getattr(error, "limit", None)
    return error.description if limit is not None and limit.error_message else None


def init_app(app: Flask) -> None:
    """Install the handlers: every HTTP error and every uncaught exception gets a French page."""

    @app.errorhandler(CSRFError)
    def _csrf(_error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(SecurityError)
    def _untrusted_host(_error):
        """A Host outside ``TRUSTED_HOSTS``: Flask built no URL adapter for it, so the French
        page gets one bound to the public site (its links lead there, never to the forged name)."""
        from council.links import site_url_adapter

        if request_ctx.url_adapter is None:
            request_ctx.url_adapter = site_url_adapter()
        return render_error(400)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        response = render_error(error.code, _own_message(error))
        if error.code == 405 and error.valid_methods:
            return (*response, {"Allow": ", ".join(error.valid_methods)})
        return response

    @app.errorhandler(IntegrityError)
    def _conflict(_error):
        """The backstop of every race a lock or a service check did not foresee: two requests
        wrote the same unique value at once. Nothing of this request is kept (rolled back) and
        the person is told, in French, to reload — never a 500."""
        from council.extensions import db

        db.session.rollback()
        return render_error(409)

    @app.errorhandler(StorageError)
    def _rate_limits_unavailable(error: StorageError):
        """The rate limits' storage (Redis) cannot be reached: the form is refused (fail closed),
        so sign-in throttling never switches itself off; pages without a limit are still served."""
        from council.extensions import db, limiter

        db.session.rollback()
        limiter.context.conditional_deductions.clear()  # no count to add where none can be read
        current_app.logger.error("Rate-limit storage unreachable (%s) on %s %s: request refused",
                                 type(error.storage_error).__name__, request.method, request.path)
        return (*render_error(503), {"Retry-After": "60"})

    @app.errorhandler(InternalServerError)
    def _server(_error):
        from council.extensions import db

        db.session.rollback()
        return render_error(500)

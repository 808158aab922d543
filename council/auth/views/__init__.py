"""Account pages, one module per sub-feature: signing in (sign-in, sign-out, a forgotten
password, the password typed again), and confirming a new login e-mail. Each module registers
its routes on the ``auth`` blueprint."""

from council.auth.views import email_change, sign_in  # noqa: F401

"""Sign-in and forgotten-password durations per account state, with the production scrypt cost.

Not a test (timings flake on shared machines): run ``python -m bench.auth_timing`` and compare the
medians; the states should be within noise of one another. The tests check the same thing
without clocks (tests/auth/test_uniform_timing.py)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time

ROUNDS = 15
WRONG = "not the right password"


def _app():
    from council import create_app
    from council.auth.models import Role
    from council.auth.services.accounts import create_user
    from council.extensions import db

    folder = tempfile.mkdtemp(prefix="council-auth-timing-")
    os.environ["COUNCIL_INSTANCE_PATH"] = folder
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                      "MAIL_BACKEND": "locmem", "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        create_user("active@example.org", Role.MEMBER, "a good long password")
        create_user("pending@example.org", Role.MEMBER)
        create_user("disabled@example.org", Role.MEMBER, "a good long password").active = False
        db.session.commit()
    return app


def _median_ms(client, path: str, data: dict) -> float:
    durations = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.post(path, data=data)
        response.get_data()
        durations.append((time.perf_counter() - start) * 1000)
        response.close()  # a reset e-mail, if any, leaves here: after the answer
    return statistics.median(durations)


def main() -> None:
    client = _app().test_client()
    _median_ms(client, "/mot-de-passe-oublie", {"email": "warm@example.org"})  # templates, caches
    for state in ("unknown", "pending", "disabled", "active"):
        email = f"{state}@example.org"
        login = _median_ms(client, "/connexion", {"email": email, "password": WRONG})
        forgot = _median_ms(client, "/mot-de-passe-oublie", {"email": email})
        print(f"{state:>9}: wrong password {login:7.1f} ms   forgotten password {forgot:5.1f} ms")


if __name__ == "__main__":
    main()

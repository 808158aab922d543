"""The demo data gives a council to try every membership page with."""

from sqlalchemy import func, select

from council import dates
from council.eligibility import College, age_on
from council.extensions import db
from council.membership.composition import Thresholds, assess
from council.membership.models import Application, ApplicationStatus, Member, MemberStatus
from council.membership.services.roster import composition


def test_demo_data_seeds_the_roster_applications_and_substitutes(app, runner):
    assert runner.invoke(args=["demo-data", "--password", "demo-password-123"]).exit_code == 0
    with app.app_context():
        active = db.session.scalar(select(func.count(Member.id)).where(Member.status == MemberStatus.ACTIVE))
        assert active == 17
        linked = db.session.scalar(select(Member).where(Member.email == "membre@example.org"))
        assert linked.user.email == "membre@example.org" and linked.college is College.RESIDENT
        pending = db.session.scalars(select(Application).where(
            Application.status == ApplicationStatus.PENDING)).all()
        ages = sorted(age_on(a.birth_date, dates.today()) for a in pending)
        assert ages[:2] == [16, 17]
        assert all(a.email.endswith("@example.org") for a in pending)
        counts = composition()
        assert assess(counts, Thresholds.from_config(app.config)) == []  # a sound council
        assert counts.substitutes == {College.RESIDENT: 2}

"""Benchmark datasets: a migrated database filled with bulk inserts (not through the services).

``build(path, scale)``: a SQLite file at ``path`` (or the database URL ``path``); scale 1 is demo
size (about 40 members, 60 meetings, 500 observations,
50 avis); scale 100 is a council's long history (4,000 members and former members, 6,000 meetings,
50,000 observations, 5,000 avis) with attendance rows, observation history rows and pending
applications. ``councils``: that many councils of that size in the one database, each on its own
host (the first on ``bench.test``, the others on ``c2.bench.test``…); the bench measures the first.
Seeded: the same scale always gives the same rows. All meetings fall inside the
calendar feeds' window, so the private feed at 100x carries all 6,000 of them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_migrate import upgrade
from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from council import create_app
from council.auth.models import CouncilRole, Role, User
from council.councils.services import create_council, ensure_council
from council.eligibility import ActorCategory, College
from council.extensions import db
from council.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CalendarToken,
    Meeting,
    MeetingKind,
    MinutesFormat,
    Visibility,
    meeting_delegate,
)
from council.membership.models import Application, ApplicationStatus, Gender, Member, MemberStatus
from council.observations.lifecycle import (
    ClosureReason,
    ObservationKind,
    ObservationOrigin,
    ObservationStatus,
)
from council.observations.models import Observation, ObservationEvent, observation_axis
from council.opinions.lifecycle import CarrierType, OpinionKind, OpinionStatus
from council.opinions.models import Opinion, opinion_observation, opinion_theme
from council.reference.models import Neighbourhood, Partner, Theme, ThemeKind
from council.reference.services import load_reference_data
from council.tenancy import use_council

PASSWORD = "benchmark password 2024"
HASH_METHOD = "scrypt:4096:8:1"  # low cost: signing in is not what is measured
SECRET_KEY = "bench-secret"
FEED_TOKEN = "benchfeedtoken_" + "x" * 30
NOW = datetime.now(UTC).replace(microsecond=0)

FIRST = [
    "Camille",
    "Nadia",
    "Karim",
    "Sophie",
    "Mathis",
    "Inès",
    "Léa",
    "Youssef",
    "Chloé",
    "Hugo",
    "Aïcha",
    "Lucas",
    "Manon",
    "Théo",
    "Fatou",
    "Jules",
    "Emma",
    "Rayan",
    "Zoé",
    "Noah",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Diallo",
    "Laurent",
    "Simon",
    "Michel",
    "Garcia",
    "Roux",
    "Fontaine",
    "Chevalier",
    "Benali",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Perrin",
    "Morel",
]
PLACES = [
    "Centre social Saint-Michel",
    "Maison des associations",
    "Salle des fêtes",
    "Mairie d'Argentan, salle du conseil",
    "Médiathèque",
]
WORDS = [
    "éclairage",
    "trottoir",
    "poubelles",
    "jeux",
    "square",
    "arrêt",
    "bus",
    "banc",
    "parking",
    "bruit",
    "voisinage",
    "propreté",
    "chaussée",
    "vélo",
    "jardin",
    "partagé",
    "école",
    "sécurité",
    "logement",
    "ascenseur",
]


@dataclass
class Dataset:
    """Where the dataset is and which rows the benchmark visits."""

    url: str
    scale: int
    organiser_email: str
    member_email: str
    feed_token: str
    meeting_id: int
    opinion_id: int
    neighbourhood_id: int
    counts: dict
    host: str = "bench.test"
    councils: int = 1


def bench_config(url: str) -> dict:
    """The app settings the benchmark runs with (in process and under gunicorn)."""
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": SECRET_KEY,
        "SITE_HOST": "bench.test",
        "PASSWORD_HASH_METHOD": HASH_METHOD,
        "MAIL_BACKEND": "locmem",
        "RATELIMIT_ENABLED": False,
    }


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def build(path, scale: int, seed: int = 7, councils: int = 1) -> Dataset:
    """Migrate a new database (a SQLite file at ``path``, or the empty database whose URL is
    ``path``), load reference data and fill ``councils`` councils at ``scale``; the figures and
    accounts of the first one are returned."""
    url = str(path) if "://" in str(path) else f"sqlite:///{path}"
    app = create_app(bench_config(url))
    with app.app_context():
        upgrade()
        dataset = fill_councils(app, scale, councils, seed)
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    dataset.url = url
    return dataset


def fill_councils(app, scale: int, councils: int, seed: int = 7, first: int = 1) -> Dataset:
    """Fill councils ``first`` to ``councils`` (the first: the migrated one, on ``SITE_HOST``;
    the others created, each on ``c<n>.bench.test``) in the app context; commits each."""
    dataset = None
    for number in range(first, councils + 1):
        if number == 1:
            use_council(ensure_council().id)
            load_reference_data(app.config["NEIGHBOURHOODS"])
        else:
            council = create_council(f"c{number}", f"Conseil citoyen {number}", f"Ville {number}",
                                     [f"c{number}.bench.test"])
            use_council(council.id)
            load_reference_data(app.config["NEIGHBOURHOODS"])
        db.session.commit()
        rng = random.Random(seed * 1000 + scale)  # every council alike: same pages, same sizes
        filled = _fill(rng, scale, app.config["SQLALCHEMY_DATABASE_URI"],
                       prefix="" if number == 1 else f"c{number}.")
        db.session.commit()
        if number == first:
            dataset = filled
    use_council(None)
    dataset.councils = councils
    return dataset


def _ids(model) -> list[int]:
    return list(db.session.scalars(select(model.id).order_by(model.id)))


def _fill(rng: random.Random, scale: int, url: str, prefix: str = "") -> Dataset:
    session = db.session
    neighbourhoods = _ids(Neighbourhood)
    partners = _ids(Partner)
    pillars = list(session.scalars(select(Theme.id).where(Theme.kind == ThemeKind.PILLAR)))
    axes = list(session.scalars(select(Theme.id).where(Theme.kind == ThemeKind.AXIS)))
    password_hash = generate_password_hash(PASSWORD, method=HASH_METHOD)
    number = int(prefix[1:-1]) if prefix else 1  # the council's number (unique references)

    # Accounts: an organiser, the member the benchmark signs in as, and one per tenth member.
    n_members = 40 * scale
    n_accounts = max(5, n_members // 10)
    users = [
        {"email": f"{prefix}organiser@bench.example.org", "password_hash": password_hash},
        {"email": f"{prefix}member@bench.example.org", "password_hash": password_hash},
    ]
    users += [
        {"email": f"{prefix}membre{i}@bench.example.org", "password_hash": None}
        for i in range(n_accounts)
    ]
    session.execute(insert(User), users)
    user_ids = list(session.scalars(select(User.id).where(
        User.email.in_([u["email"] for u in users])).order_by(User.id)))
    organiser_id, member_user_id = user_ids[0], user_ids[1]
    session.execute(insert(CouncilRole), [
        {"user_id": uid, "role": Role.ORGANISER if uid == organiser_id else Role.MEMBER}
        for uid in user_ids])
    feed_token = FEED_TOKEN if not prefix else FEED_TOKEN[:-len(prefix)] + prefix.replace(".", "x")
    session.execute(insert(CalendarToken), [{"user_id": member_user_id, "token": feed_token}])

    # Members: three quarters active, the rest former members with a departure.
    members = []
    for i in range(n_members):
        active = i % 4 != 3 or i < 2
        resident = rng.random() < 0.6
        members.append(
            {
                "user_id": (
                    member_user_id
                    if i == 0
                    else user_ids[2 + i // 10]
                    if i % 10 == 0 and 2 + i // 10 < len(user_ids)
                    else None
                ),
                "first_name": rng.choice(FIRST),
                "last_name": f"{rng.choice(LAST)}-{i}",
                "email": f"{prefix}m{i}@bench.example.org",
                "phone": "06 00 00 00 00",
                "gender": rng.choice([Gender.FEMALE, Gender.MALE]),
                "college": College.RESIDENT if resident else College.LOCAL_ACTOR,
                "neighbourhood_id": rng.choice(neighbourhoods),
                "actor_category": None if resident else rng.choice(list(ActorCategory)),
                "structure_name": None if resident else "Association fictive",
                "joined_on": date(2020, 1, 1) + timedelta(days=rng.randrange(1500)),
                "mandate_ends_on": date(2027, 1, 1),
                "status": MemberStatus.ACTIVE
                if active
                else rng.choice(
                    [MemberStatus.RESIGNED, MemberStatus.MOVED_OUT, MemberStatus.REMOVED]
                ),
                "status_changed_on": None if active else date(2024, 6, 1),
                "status_reason": None,
            }
        )
    session.execute(insert(Member), members)
    member_ids = _ids(Member)

    # Applications: pending ones for the review queue, and decided ones.
    applications = []
    for i in range(12 * scale):
        status = (
            ApplicationStatus.PENDING
            if i % 3 == 0
            else rng.choice([ApplicationStatus.REJECTED, ApplicationStatus.SUBSTITUTE])
        )
        applications.append(
            {
                "reference": f"B{number:03d}{i:07d}",
                "status": status,
                "college": College.RESIDENT,
                "first_name": rng.choice(FIRST),
                "last_name": rng.choice(LAST),
                "birth_date": date(1980, 1, 1) + timedelta(days=i % 9000),
                "email": f"{prefix}candidat{i}@bench.example.org",
                "phone": None,
                "gender": Gender.FEMALE,
                "home_neighbourhood_id": rng.choice(neighbourhoods),
                "address": "1 rue fictive",
                "actor_category": None,
                "structure_name": None,
                "activity_neighbourhood_id": None,
                "motivation": _sentence(rng, 20),
                "consented_at": NOW - timedelta(days=i % 150),
                "created_at": NOW - timedelta(days=i % 150, minutes=i),
                "substitute_position": i if status is ApplicationStatus.SUBSTITUTE else None,
            }
        )
    session.execute(insert(Application), applications)

    # Meetings: all inside the feeds' window (a year back to six months ahead).
    n_meetings = 60 * scale
    meetings = []
    for i in range(n_meetings):
        starts = NOW - timedelta(days=360) + timedelta(minutes=(540 * 24 * 60 * i) // n_meetings)
        starts = starts.replace(minute=0, second=0)
        past = starts < NOW - timedelta(days=1)
        meetings.append(
            {
                "title": f"Réunion {i} : {_sentence(rng, 3)}",
                "kind": rng.choice(list(MeetingKind)),
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "place_name": rng.choice(PLACES),
                "place_address": "61200 Argentan",
                "description": _sentence(rng, 25),
                "visibility": Visibility.PUBLIC if i % 5 else Visibility.MEMBERS,
                "cancelled_at": NOW - timedelta(days=400) if i % 40 == 7 else None,
                "cancellation_reason": "Salle indisponible" if i % 40 == 7 else None,
                "sequence": i % 3,
                "minutes_text": _sentence(rng, 60) if past else "",
                "minutes_format": MinutesFormat.TEXT,
                "minutes_published_at": starts + timedelta(days=7) if past else None,
                "created_at": starts - timedelta(days=30),
                "updated_at": starts - timedelta(days=2),
            }
        )
    session.execute(insert(Meeting), meetings)
    meeting_ids = _ids(Meeting)
    items = [
        {"meeting_id": mid, "position": p, "title": _sentence(rng, 5)}
        for mid in meeting_ids
        for p in range(3)
    ]
    session.execute(insert(AgendaItem), items)
    agenda_ids = _ids(AgendaItem)
    session.execute(
        insert(meeting_delegate),
        [
            {"meeting_id": mid, "member_id": member_ids[(k * 7 + j) % len(member_ids)]}
            for k, mid in enumerate(meeting_ids)
            if k % 6 == 0
            for j in range(2)
        ],
    )

    # Attendance: ten members marked at every past meeting.
    attendance = []
    for k, mid in enumerate(meeting_ids):
        if meetings[k]["starts_at"] >= NOW:
            continue
        for member_id in rng.sample(member_ids, 10):
            attendance.append(
                {
                    "meeting_id": mid,
                    "member_id": member_id,
                    "status": rng.choice(list(AttendanceStatus)),
                    "marked_at": meetings[k]["ends_at"],
                    "marked_by_id": organiser_id,
                }
            )
    session.execute(insert(Attendance), attendance)

    # Observations, each with two or three history rows and an axis.
    statuses = [
        ObservationStatus.NEW,
        ObservationStatus.ON_AGENDA,
        ObservationStatus.TRANSMITTED,
        ObservationStatus.ANSWERED,
        ObservationStatus.CLOSED,
        ObservationStatus.PENDING,
        ObservationStatus.DISCARDED,
    ]
    observations = []
    for i in range(500 * scale):
        status = statuses[i % len(statuses)]
        observed = (NOW - timedelta(days=rng.randrange(1000))).date()
        moved = status in (
            ObservationStatus.TRANSMITTED,
            ObservationStatus.ANSWERED,
            ObservationStatus.CLOSED,
        )
        text = _sentence(rng, 15)
        observations.append(
            {
                "kind": rng.choice(list(ObservationKind)),
                "status": status,
                "origin": rng.choice(list(ObservationOrigin)),
                "neighbourhood_id": rng.choice(neighbourhoods),
                "pillar_id": rng.choice(pillars),
                "place": "Rue fictive",
                "description": text,
                "search_text": text.lower(),
                "observed_on": observed,
                "logged_by_id": rng.choice(user_ids),
                "resident_name": None,
                "resident_contact": None,
                "contact_consent_at": None,
                "agenda_item_id": rng.choice(agenda_ids)
                if status is ObservationStatus.ON_AGENDA
                else None,
                "partner_id": rng.choice(partners) if moved else None,
                "transmitted_on": observed + timedelta(days=20) if moved else None,
                "answer_text": _sentence(rng, 10) if status is ObservationStatus.ANSWERED else None,
                "answered_on": observed + timedelta(days=50)
                if status is ObservationStatus.ANSWERED
                else None,
                "closure_reason": ClosureReason.RESOLVED
                if status is ObservationStatus.CLOSED
                else None,
                "closed_at": NOW - timedelta(days=10)
                if status is ObservationStatus.CLOSED
                else None,
                "published_at": NOW - timedelta(days=5) if i % 11 == 0 else None,
                "public_summary": text if i % 11 == 0 else None,
                "public_answer": None,
                "created_at": datetime.combine(observed, datetime.min.time(), UTC),
            }
        )
    session.execute(insert(Observation), observations)
    observation_ids = _ids(Observation)
    events, links = [], []
    for oid, row in zip(observation_ids, observations, strict=True):
        at = row["created_at"]
        events.append(
            {
                "observation_id": oid,
                "at": at,
                "user_id": row["logged_by_id"],
                "from_status": None,
                "to_status": ObservationStatus.NEW,
            }
        )
        if row["status"] is not ObservationStatus.NEW:
            events.append(
                {
                    "observation_id": oid,
                    "at": at + timedelta(days=20),
                    "user_id": organiser_id,
                    "from_status": ObservationStatus.NEW,
                    "to_status": row["status"],
                }
            )
        links.append({"observation_id": oid, "theme_id": rng.choice(axes)})
    session.execute(insert(ObservationEvent), events)
    session.execute(insert(observation_axis), links)

    # Avis: mostly adopted and beyond (public), some drafts.
    opinion_statuses = [
        OpinionStatus.ADOPTED,
        OpinionStatus.TRANSMITTED,
        OpinionStatus.ANSWERED,
        OpinionStatus.DRAFT,
        OpinionStatus.REJECTED,
    ]
    opinions = []
    for i in range(50 * scale):
        status = opinion_statuses[i % len(opinion_statuses)]
        voted = status is not OpinionStatus.DRAFT
        moved = status in (OpinionStatus.TRANSMITTED, OpinionStatus.ANSWERED)
        opinions.append(
            {
                "kind": rng.choice(list(OpinionKind)),
                "status": status,
                "title": f"Avis {i} : {_sentence(rng, 4)}",
                "subject_project": _sentence(rng, 4),
                "carrier_type": rng.choice(list(CarrierType)),
                "carrier_name": "Ville d'Argentan",
                "text": _sentence(rng, 80),
                "dissent_text": "",
                "partner_id": rng.choice(partners),
                "created_by_id": organiser_id,
                "created_at": NOW - timedelta(days=400 - i * 360 // (50 * scale)),
                "updated_at": NOW - timedelta(days=300 - i * 290 // (50 * scale)),
                "vote_meeting_id": rng.choice(meeting_ids) if voted else None,
                "votes_for": 12 if voted else None,
                "votes_against": 3 if voted else None,
                "votes_abstain": 1 if voted else None,
                "present_count": 16 if voted else None,
                "quorum_required": 10 if voted else None,
                "voted_at": NOW - timedelta(days=300 - i * 290 // (50 * scale)) if voted else None,
                "voted_by_id": organiser_id if voted else None,
                "transmitted_on": (NOW - timedelta(days=100)).date() if moved else None,
                "answer_text": _sentence(rng, 20) if status is OpinionStatus.ANSWERED else None,
                "answered_on": (NOW - timedelta(days=50)).date()
                if status is OpinionStatus.ANSWERED
                else None,
            }
        )
    session.execute(insert(Opinion), opinions)
    opinion_ids = _ids(Opinion)
    session.execute(
        insert(opinion_theme),
        [
            {"opinion_id": oid, "theme_id": theme}
            for oid in opinion_ids
            for theme in {rng.choice(pillars), rng.choice(axes)}
        ],
    )
    session.execute(
        insert(opinion_observation),
        [
            {"opinion_id": oid, "observation_id": obs}
            for oid in opinion_ids
            for obs in set(rng.sample(observation_ids, 3))
        ],
    )

    # What the benchmark visits: a past public meeting with minutes, an answered avis.
    past_public = [
        mid
        for mid, row in zip(meeting_ids, meetings, strict=True)
        if row["visibility"] is Visibility.PUBLIC
        and row["minutes_published_at"]
        and row["cancelled_at"] is None
    ]
    answered = [
        oid
        for oid, row in zip(opinion_ids, opinions, strict=True)
        if row["status"] is OpinionStatus.ANSWERED
    ]
    counts = {
        "members": len(members),
        "applications": len(applications),
        "meetings": len(meetings),
        "agenda_items": len(items),
        "attendance": len(attendance),
        "observations": len(observations),
        "observation_events": len(events),
        "opinions": len(opinions),
        "users": len(users),
    }
    return Dataset(
        url=url,
        scale=scale,
        organiser_email=users[0]["email"],
        member_email=users[1]["email"],
        feed_token=feed_token,
        meeting_id=past_public[len(past_public) // 2],
        opinion_id=answered[len(answered) // 2],
        neighbourhood_id=neighbourhoods[0],
        counts=counts,
    )

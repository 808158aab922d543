"""Reference data: the two neighbourhoods, the volets and axes, the partners; loaded idempotently."""

from sqlalchemy import func, select

from council.extensions import db
from council.reference.models import Neighbourhood, Partner, Theme, ThemeKind
from council.reference.services import load_reference_data


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_reference_data_is_loaded(app):
    with app.app_context():
        slugs = set(db.session.scalars(select(Neighbourhood.slug)))
        assert slugs == {"saint-michel-vallee-d-auge", "les-provinces"}
        pillars = db.session.scalars(
            select(Theme.name).where(Theme.kind == ThemeKind.PILLAR).order_by(Theme.position)
        ).all()
        assert pillars[0] == "Développement économique et emploi"
        assert _count(Theme) == 6
        assert db.session.scalar(select(Partner).where(Partner.slug == "orne-habitat")) is not None


def test_loading_twice_changes_nothing(app):
    with app.app_context():
        before = (_count(Neighbourhood), _count(Theme), _count(Partner))
        created = load_reference_data(app.config["NEIGHBOURHOODS"])
        db.session.commit()
        assert created == {"neighbourhoods": 0, "themes": 0, "partners": 0}
        assert (_count(Neighbourhood), _count(Theme), _count(Partner)) == before


def test_another_council_brings_its_own_neighbourhoods(app):
    with app.app_context():
        created = load_reference_data([("perseigne", "Perseigne")])
        db.session.commit()
        assert created["neighbourhoods"] == 1
        assert db.session.scalar(select(Neighbourhood.name).where(Neighbourhood.slug == "perseigne"))

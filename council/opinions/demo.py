"""Demo avis about the projects on Argentan's source page, addressed to real partners; seeds the
demo observations first (the avis link some of them). Everything goes through the services."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from council.auth.models import User
from council.auth.services import find_user
from council.dates import PARIS
from council.extensions import db
from council.observations import demo as observation_demo
from council.observations.lifecycle import ObservationStatus
from council.observations.models import ObservationEvent
from council.observations.services import today
from council.opinions import services
from council.opinions.lifecycle import CarrierType, OpinionKind, OpinionStatus
from council.opinions.voting import AdoptionRule, VoteCount
from council.reference.models import Partner, Theme

K, C = OpinionKind, CarrierType
# title, kind, project, carrier, carrier name, addressee slug, volets/axes, text, linked observations
AVIS = [
    ("Pérenniser « Dedans Dehors » au-delà de 2017", K.OPINION, "Dedans Dehors", C.LOCAL_ACTOR,
     "Les Arts Improvisés", "drac", ("cohesion-sociale", "jeunesse"),
     "Le conseil citoyen a vu des jeunes de l'Atelier Relais et des résidents des résidences autonomie "
     "travailler ensemble. Il demande que le projet continue plusieurs années et qu'une partie des "
     "ateliers ait lieu au cœur des deux quartiers.", ()),
    ("Les mots de la gourmandise : des ateliers dans les quartiers", K.PROPOSAL,
     "Les mots de la gourmandise", C.LOCAL_ACTOR, "Espace Xavier Rousseau", "ars", ("cohesion-sociale",),
     "Le conseil propose que deux ateliers « goûter presque parfait » se tiennent chaque année à la "
     "Maison du Citoyen et au centre social des Provinces, avec les familles.", ("homework",)),
    ("Initiation à la boxe anglaise : garder les séances gratuites à la rentrée", K.OPINION,
     "Initiation à la boxe anglaise au pied des immeubles", C.LOCAL_ACTOR, "Boxing Club d'Argentan",
     "cdos", ("cohesion-sociale", "jeunesse", "egalite-femmes-hommes"),
     "Le ring mobile a attiré beaucoup de jeunes. Le conseil soutient le projet et demande des séances "
     "réservées aux filles.", ("girls-sport",)),
    ("Café des parents : un deuxième créneau le samedi", K.PROPOSAL, "Café des parents", C.LOCAL_ACTOR,
     "Association De-ci De-là", "caf-orne", ("cohesion-sociale",),
     "Les parents qui travaillent en semaine ne peuvent pas venir le jeudi matin. Le conseil propose un "
     "deuxième café des parents, un samedi par mois.", ()),
    ("Exposition contre les violences faites aux femmes : l'installer dans les halls", K.OPINION,
     "Exposition sur les stéréotypes sexistes", C.LOCAL_ACTOR, "CEMEA", "etat",
     ("cohesion-sociale", "egalite-femmes-hommes", "lutte-contre-discriminations"),
     "Le conseil souhaite que l'exposition circule dans les halls d'immeubles et au collège.", ()),
    ("Prévention des risques des réseaux sociaux au collège Jean Rostand", K.INTERPELLATION,
     "Ateliers de Génération Numérique au collège Jean Rostand", C.INSTITUTION, "Collège Jean Rostand",
     None, ("cohesion-sociale", "jeunesse"),
     "Le conseil interpelle le préfet : les ateliers n'ont touché que deux niveaux. Il demande un "
     "financement pour que tous les élèves de la 6e à la 3e en bénéficient, et des ateliers pour les "
     "parents.", ()),
]


def _at(days_ago: int) -> datetime:
    return datetime.combine(today() - timedelta(days=days_ago), time(19), PARIS)


def _schedule_observation(observation, user: User, days_ago: int) -> None:
    """Until the meetings area lands, « inscrite à l'ordre du jour » without its agenda item."""
    observation.events.append(ObservationEvent(
        at=_at(days_ago), user_id=user.id, from_status=observation.status,
        to_status=ObservationStatus.ON_AGENDA, detail="Inscrite à l'ordre du jour."))
    observation.status = ObservationStatus.ON_AGENDA
    db.session.flush()


def _schedule_opinion(opinion) -> None:
    opinion.status = OpinionStatus.ON_AGENDA
    db.session.flush()


def load_demo(config) -> None:
    """Seed the demo observations, then the avis (needs the demo accounts)."""
    member, organiser = find_user("membre@example.org"), find_user("organisateur@example.org")
    observation_ids = observation_demo.load_demo(member, organiser, _schedule_observation)
    ref = {row.slug: row.id for model in (Theme, Partner) for row in db.session.scalars(select(model))}
    rule = AdoptionRule(config["OPINION_ADOPTION_RULE"])
    made = []
    for title, kind, project, carrier, name, partner, themes, text, linked in AVIS:
        made.append(services.create_opinion(services.OpinionData(
            kind=kind, title=title, subject_project=project, carrier_type=carrier, carrier_name=name,
            text=text, partner_id=ref[partner] if partner else None,
            theme_ids=[ref[slug] for slug in themes],
            observation_ids=[observation_ids[n] for n in linked]), member))
    dedans, gourmandise, boxe, cafe, expo, reseaux = made

    def vote(opinion, days_ago, count, dissent=""):
        _schedule_opinion(opinion)
        services.record_vote(opinion, organiser, present=14, required=11, text=opinion.text,
                             dissent=dissent, rule=rule, count=count, now=_at(days_ago))

    vote(dedans, 150, VoteCount(11, 2, 1), "Deux membres regrettent que le projet se déroule surtout en "
         "centre-ville et préféreraient financer d'abord des activités dans les quartiers.")
    services.transmit(dedans, today() - timedelta(days=145), organiser)
    services.record_answer(dedans, "La DRAC confirme son soutien pour trois ans et demande à Les Arts "
                           "Improvisés de prévoir deux restitutions dans les quartiers.",
                           today() - timedelta(days=100), organiser)
    vote(gourmandise, 90, VoteCount(12, 0, 2))
    services.transmit(gourmandise, today() - timedelta(days=85), organiser)
    vote(reseaux, 70, VoteCount(10, 1, 3), "Un membre estime que la prévention relève des familles "
         "plutôt que de l'État.")
    services.transmit(reseaux, today() - timedelta(days=65), organiser)
    vote(boxe, 20, VoteCount(13, 0, 1))
    _schedule_opinion(cafe)
    services.new_version(dedans, member).text += "\n\nCorrection : les ateliers ont commencé en 2016."
    del expo  # stays a draft
    db.session.flush()

"""Demo observations in every state, with fictitious residents (example.org), through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from council import dates
from council.auth.models import User
from council.dates import PARIS
from council.extensions import db
from council.observations.lifecycle import ClosureReason, ObservationKind
from council.observations.models import Observation
from council.observations.services import steps
from council.reference.models import Neighbourhood, Partner, Theme


@dataclass
class Sample:
    kind: ObservationKind
    where: str  # neighbourhood slug
    pillar: str
    place: str
    text: str
    days_ago: int
    axes: tuple[str, ...] = ()
    contact: tuple[str, str] | None = None


SAMPLES = {
    "lift": Sample(ObservationKind.DYSFUNCTION, "les-provinces", "cadre-de-vie-renovation-urbaine",
                   "Résidence des Provinces, bâtiment C",
                   "L'ascenseur du bâtiment C est en panne une semaine sur deux ; les personnes âgées "
                   "restent bloquées chez elles.", 120,
                   contact=("Odette Marchal", "odette.marchal@example.org")),
    "streetlight": Sample(ObservationKind.DYSFUNCTION, "saint-michel-vallee-d-auge",
                          "cadre-de-vie-renovation-urbaine", "Rue de la Vallée d'Auge, devant l'arrêt de bus",
                          "Le lampadaire devant l'arrêt de bus ne s'allume plus le soir.", 95),
    "playground": Sample(ObservationKind.DYSFUNCTION, "les-provinces", "cadre-de-vie-renovation-urbaine",
                         "Square des Provinces", "Deux jeux pour enfants sont cassés et coupants.", 45,
                         axes=("jeunesse",)),
    "homework": Sample(ObservationKind.IDEA, "saint-michel-vallee-d-auge", "cohesion-sociale",
                       "Maison du Citoyen",
                       "Une aide aux devoirs le mercredi après-midi pour les collégiens.", 30,
                       axes=("jeunesse",), contact=("Samir Haddad", "06 39 98 22 48")),
    "market": Sample(ObservationKind.IDEA, "les-provinces", "developpement-economique-emploi",
                     "Place du marché",
                     "Un petit marché le samedi matin pour les commerçants du quartier.", 20),
    "bus": Sample(ObservationKind.DYSFUNCTION, "saint-michel-vallee-d-auge", "cohesion-sociale",
                  "Ligne de bus vers la gare", "Le dernier bus part à 18 h 30 : impossible de rentrer "
                  "après le travail ou une formation.", 15, axes=("egalite-femmes-hommes",)),
    "bins": Sample(ObservationKind.DYSFUNCTION, "les-provinces", "cadre-de-vie-renovation-urbaine",
                   "Rue de Bretagne", "Les bacs de tri débordent depuis trois semaines.", 75),
    "bins-again": Sample(ObservationKind.DYSFUNCTION, "les-provinces", "cadre-de-vie-renovation-urbaine",
                         "Rue de Bretagne", "Poubelles pleines rue de Bretagne.", 70),
    "benches": Sample(ObservationKind.IDEA, "saint-michel-vallee-d-auge", "cadre-de-vie-renovation-urbaine",
                      "Chemin le long de l'Orne", "Des bancs le long du chemin pour les promeneurs.", 60),
    "girls-sport": Sample(ObservationKind.IDEA, "les-provinces", "cohesion-sociale", "City stade",
                          "Des créneaux réservés aux filles au city stade, avec une animatrice.", 10,
                          axes=("egalite-femmes-hommes", "jeunesse")),
    "online-noise": Sample(ObservationKind.DYSFUNCTION, "saint-michel-vallee-d-auge",
                           "cadre-de-vie-renovation-urbaine", "Parking de la rue des Tisserands",
                           "Des rodéos de scooters tard le soir sur le parking.", 3,
                           contact=("Léa Morin", "06 39 98 18 92")),
    "online-idea": Sample(ObservationKind.IDEA, "les-provinces", "cohesion-sociale", "",
                          "Un atelier informatique pour les personnes âgées, pour les démarches "
                          "en ligne.", 2),
    "online-spam": Sample(ObservationKind.IDEA, "les-provinces", "developpement-economique-emploi", "",
                          "Gagnez de l'argent facilement depuis chez vous !!!", 1),
}


def _at(days_ago: int, hour: int = 10) -> datetime:
    """A moment ``days_ago`` days before today, in Paris."""
    return datetime.combine(dates.today() - timedelta(days=days_ago), time(hour), PARIS)


def _day(days_ago: int) -> date:
    return dates.today() - timedelta(days=days_ago)


def _create(sample: Sample, member: User | None, ref: dict) -> Observation:
    data = steps.ObservationData(
        kind=sample.kind, neighbourhood_id=ref[sample.where], pillar_id=ref[sample.pillar],
        axis_ids=[ref[slug] for slug in sample.axes], place=sample.place, description=sample.text,
        observed_on=_day(sample.days_ago + 1),
        resident_name=sample.contact[0] if sample.contact else "",
        resident_contact=sample.contact[1] if sample.contact else "", consent=bool(sample.contact))
    if member is None:
        return steps.submit_observation(data, now=_at(sample.days_ago))
    return steps.log_observation(data, member, now=_at(sample.days_ago))


def load_demo(member: User, organiser: User, schedule, made: dict | None = None) -> dict[str, int]:
    """Observations in every state; ``schedule(observation, user, days_ago)`` puts one on a meeting's
    agenda (the caller owns the meetings). ``made`` is filled with the observations as they are
    created. Returns the ids by sample name (the avis demo links some of them).
    """
    ref = {row.slug: row.id for model in (Neighbourhood, Theme, Partner)
           for row in db.session.scalars(select(model))}
    partner = {slug: db.session.get(Partner, ref[slug]) for slug in ("orne-habitat", "ville-argentan",
                                                                     "argentan-intercom")}
    made = made if made is not None else {}
    for name, sample in SAMPLES.items():
        made[name] = _create(sample, None if name.startswith("online") else member, ref)

    for name in ("lift", "streetlight", "bins", "bins-again", "benches", "playground", "bus"):
        schedule(made[name], member, SAMPLES[name].days_ago - 5)
    steps.transmit(made["lift"], partner["orne-habitat"], _day(110), member,
                      "Courrier au responsable d'agence.", now=_at(110))
    steps.transmit(made["streetlight"], partner["ville-argentan"], _day(85), organiser, now=_at(85))
    steps.transmit(made["bins"], partner["argentan-intercom"], _day(60), member, now=_at(60))
    steps.transmit(made["playground"], partner["orne-habitat"], _day(20), member, now=_at(20))
    steps.record_answer(made["streetlight"], "Les services techniques ont changé l'ampoule et le "
                           "détecteur le 3 du mois suivant.", _day(70), organiser, now=_at(70))
    steps.record_answer(made["bins"], "La collecte passe désormais deux fois par semaine rue de "
                           "Bretagne.", _day(40), organiser, now=_at(40))
    steps.close(made["bins"], ClosureReason.RESOLVED, member, note="Vérifié sur place.", now=_at(35))
    steps.close(made["bins-again"], ClosureReason.DUPLICATE, member, duplicate_of_id=made["bins"].id,
                   now=_at(34))
    steps.close(made["benches"], ClosureReason.NO_FOLLOW_UP, organiser,
                   note="Le terrain n'appartient pas à la Ville ; le propriétaire refuse.", now=_at(30))
    steps.accept(made["online-noise"], organiser, ref["cadre-de-vie-renovation-urbaine"],
                    "Message clair, à suivre.", now=_at(2))
    steps.discard(made["online-spam"], organiser, "Publicité.", now=_at(1))
    steps.publish(made["streetlight"], "Le lampadaire devant l'arrêt de bus de la rue de la Vallée "
                     "d'Auge ne s'allumait plus le soir.", "Les services techniques de la Ville l'ont "
                     "réparé.", organiser, now=_at(65))
    steps.publish(made["bins"], "Les bacs de tri de la rue de Bretagne débordaient.",
                     "La collecte passe désormais deux fois par semaine.", organiser, now=_at(33))
    db.session.flush()
    return {name: observation.id for name, observation in made.items()}

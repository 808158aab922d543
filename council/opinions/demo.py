"""Demo avis about the projects on Argentan's source page, addressed to real partners; seeds the
demo observations first (the avis link some of them). Everything goes through the services."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from council.auth.services.accounts import find_user
from council.dates import PARIS, today
from council.extensions import db
from council.meetings.demo import meeting_day
from council.meetings.models import AgendaItem, AttendanceStatus, MeetingKind
from council.meetings.rules import paris_instant
from council.meetings.services.attendance import record_attendance
from council.meetings.services.meetings import MeetingData, create_meeting
from council.membership.models import Member
from council.membership.services.roster import active_members
from council.observations import demo as observation_demo
from council.observations.services import steps as observation_services
from council.opinions import services
from council.opinions.lifecycle import CarrierType, OpinionKind
from council.opinions.voting import VoteChoice
from council.reference.models import Partner, Theme

K, C = OpinionKind, CarrierType
# title, kind, project, carrier, carrier name, addressee slug, volets/axes, text, linked observations
AVIS = [
    ("Pérenniser « Dedans Dehors » dans le contrat de ville 2024-2030", K.OPINION, "Dedans Dehors",
     C.LOCAL_ACTOR, "Les Arts Improvisés", "drac", ("cohesion-sociale", "jeunesse"),
     "Le conseil citoyen a vu des jeunes de l'Atelier Relais et des résidents des résidences autonomie "
     "travailler ensemble. Il demande que le projet continue jusqu'à la fin du contrat (2030) et "
     "qu'une partie des ateliers ait lieu au cœur des deux quartiers.", ()),
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


def _plenary_day(days_ago: int):
    """The day of the plenary held about ``days_ago`` days ago (never a Sunday or a holiday eve)."""
    return meeting_day(today() - timedelta(days=days_ago))


def _vote_at(days_ago: int) -> datetime:
    """During the plenary of ``days_ago``: votes are dated by their meeting."""
    return datetime.combine(_plenary_day(days_ago), time(19), PARIS)


# The plenaries where the demo observations and avis were discussed: days ago, agenda points.
MEETINGS = {
    150: ["Avis sur le projet « Dedans Dehors »", "Questions diverses"],
    115: ["Observation : l'ascenseur du bâtiment C"],
    90: ["Observations des habitants", "Proposition : les mots de la gourmandise"],
    68: ["Interpellation du préfet : réseaux sociaux au collège Jean Rostand",
         "Observations : propreté rue de Bretagne"],
    40: ["Observations : bancs et jeux pour enfants"],
    20: ["Avis sur l'initiation à la boxe anglaise"],
    -12: ["Proposition : café des parents", "Observation : transports en soirée"],
}


def _meetings(members: list[Member]) -> dict[int, list[AgendaItem]]:
    """Create the plenaries; past ones get an attendance register with all but two present."""
    items = {}
    for days_ago, agenda in MEETINGS.items():
        start = paris_instant(_plenary_day(days_ago), time(18, 30))
        meeting = create_meeting(MeetingData(
            title="Assemblée plénière du conseil citoyen", kind=MeetingKind.PLENARY, starts_at=start,
            ends_at=start + timedelta(hours=2), place_name="Maison du Citoyen",
            place_address="Place du Marché, 61200 Argentan", agenda=[(None, line) for line in agenda]))
        if days_ago > 0:
            record_attendance(meeting, {m.id: AttendanceStatus.EXCUSED if n < 2 else AttendanceStatus.PRESENT
                                        for n, m in enumerate(members)}, None)
        items[days_ago] = list(meeting.agenda_items)
    return items


def _ballots(members: list[Member], against: int, abstain: int) -> dict[int, VoteChoice]:
    """Each present member's vote: the first ``against`` vote against, the next ``abstain`` abstain."""
    return {m.id: VoteChoice.AGAINST if n < against else VoteChoice.ABSTAIN if n < against + abstain
            else VoteChoice.FOR for n, m in enumerate(members)}


def load_demo(config, member_email: str = "membre@example.org",
              organiser_email: str = "organisateur@example.org") -> None:
    """Seed the demo observations, then the avis (needs the demo accounts and a roster)."""
    member, organiser = find_user(member_email), find_user(organiser_email)
    items = _meetings(active_members())
    agenda = {  # observation name → (meeting, agenda point index)
        "lift": (115, 0), "streetlight": (90, 0), "bins": (68, 1), "bins-again": (68, 1),
        "benches": (40, 0), "playground": (40, 0), "bus": (-12, 1)}

    def schedule_observation(observation, user, _days_ago):
        days, index = agenda[next(k for k, o in made_observations.items() if o is observation)]
        observation_services.schedule(observation, items[days][index], user, now=_at(max(days, 1) + 1))

    made_observations: dict = {}
    observation_ids = observation_demo.load_demo(member, organiser, schedule_observation, made_observations)
    ref = {row.slug: row.id for model in (Theme, Partner) for row in db.session.scalars(select(model))}
    made = []
    for title, kind, project, carrier, name, partner, themes, text, linked in AVIS:
        made.append(services.create_opinion(services.OpinionData(
            kind=kind, title=title, subject_project=project, carrier_type=carrier, carrier_name=name,
            text=text, partner_id=ref[partner] if partner else None,
            theme_ids=[ref[slug] for slug in themes],
            observation_ids=[observation_ids[n] for n in linked]), member))
    dedans, gourmandise, boxe, cafe, expo, reseaux = made

    def vote(opinion, days_ago, index, against=0, abstain=0, dissent=""):
        services.schedule(opinion, items[days_ago][index], member)
        present = services.vote_setting(opinion, now=_vote_at(days_ago)).present_members
        services.record_vote(opinion, organiser, text=opinion.text, dissent=dissent,
                             ballots=_ballots(present, against, abstain), now=_vote_at(days_ago))

    vote(dedans, 150, 0, against=2, abstain=1, dissent="Deux membres regrettent que le projet se déroule "
         "surtout en centre-ville et préféreraient financer d'abord des activités dans les quartiers.")
    services.transmit(dedans, today() - timedelta(days=145), organiser)
    services.record_answer(dedans, "La DRAC confirme son soutien pour trois ans et demande aux Arts "
                           "Improvisés de prévoir deux restitutions dans les quartiers.",
                           today() - timedelta(days=100), organiser)
    vote(gourmandise, 90, 1, abstain=2)
    services.transmit(gourmandise, today() - timedelta(days=85), organiser)
    vote(reseaux, 68, 0, against=1, abstain=2, dissent="Un membre estime que la prévention relève des "
         "familles plutôt que de l'État.")
    services.transmit(reseaux, today() - timedelta(days=65), organiser)
    vote(boxe, 20, 0, abstain=1)
    services.schedule(cafe, items[-12][0], member)
    correction = services.new_version(dedans, member)
    correction.text += "\n\nCorrection : les ateliers ont repris en 2025, pas en 2026."
    del expo  # stays a draft
    db.session.flush()

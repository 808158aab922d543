"""The line rules of a roster import: pure, no Flask, no database.

``plan(table, roster)`` reads every line of a table (``spreadsheet.read_table``) as the member it
would store, with every problem in French: the columns are the roster export's
(``export.HEADERS``), matched without regard to case, accents, spaces or punctuation. A local
actor's gender and address are read, never kept (``minimisation``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from council import eligibility
from council.eligibility import ActorCategory, Applicant, College, Reason
from council.email_address import address_problem
from council.membership.export import HEADERS
from council.membership.minimisation import collected
from council.membership.models import Gender, JoinMethod, MemberStatus
from council.membership.spreadsheet import Table

# Column → (attribute, longest text the column holds)
COLUMNS = {
    "Nom": ("last_name", 100), "Prénom": ("first_name", 100), "Collège": ("college", 40),
    "Quartier": ("neighbourhood", 120), "Activité": ("actor_category", 60),
    "Structure": ("structure_name", 200), "E-mail": ("email", 254), "Téléphone": ("phone", 30),
    "Adresse": ("address", 300), "Genre": ("gender", 40), "Date d'entrée": ("joined_on", 20),
    "Mode d'entrée": ("join_method", 40), "Fin de mandat": ("mandate_ends_on", 20),
    "Statut": ("status", 40), "Date du statut": ("status_changed_on", 20),
    "Motif du statut": ("status_reason", 500),
}
assert tuple(COLUMNS) == HEADERS  # the import reads exactly what the export writes
COLUMN_TITLES = {attribute: column for column, (attribute, _) in COLUMNS.items()}
# Without these a line cannot be stored: the date of entry says at which meetings someone sat.
REQUIRED = ("Nom", "Prénom", "Collège", "Date d'entrée")


def simplified(text: str) -> str:
    """``"Date d’entrée "`` → ``"datedentree"``: lower case, no accents, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
# Planning the lines


@dataclass(frozen=True)
class Roster:
    """What the plan compares the file with: the council's neighbourhoods (slug, name), the
    members already on the roster (their e-mails and name + date of entry keys) and the rules."""

    neighbourhoods: Sequence[tuple[str, str]]
    emails: frozenset[str] = frozenset()
    name_dates: frozenset[tuple[str, date]] = frozenset()
    today: date = field(default_factory=date.today)
    minimum_age: int = eligibility.DEFAULT_MINIMUM_AGE
    normalise_email: Callable[[str], str] = field(default=lambda e: unicodedata.normalize(
        "NFC", e.strip()).lower())


@dataclass
class PlannedMember:
    """A line as it would be stored on the roster (``neighbourhood`` is a slug)."""

    last_name: str = ""
    first_name: str = ""
    college: College | None = None
    neighbourhood: str | None = None
    actor_category: ActorCategory | None = None
    structure_name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    gender: Gender | None = None
    joined_on: date | None = None
    join_method: JoinMethod = JoinMethod.APPLICATION
    mandate_ends_on: date | None = None
    status: MemberStatus = MemberStatus.ACTIVE
    status_changed_on: date | None = None
    status_reason: str | None = None

    def name_key(self) -> str:
        return person_key(self.first_name, self.last_name)


def person_key(first_name: str, last_name: str) -> str:
    """Who a name designates, whatever its accents, case or hyphens."""
    return f"{simplified(first_name)}|{simplified(last_name)}"


@dataclass
class PlannedLine:
    """One line of the file: what it would store, what prevents it, what the organiser should
    know (``warnings`` do not prevent the import) and whether the person is already there."""

    number: int  # as the spreadsheet numbers it (the header is line 1)
    member: PlannedMember
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    on_roster: bool = False

    @property
    def importable(self) -> bool:
        return not self.problems and not self.on_roster

    @property
    def verdict(self) -> str:
        if self.problems:
            return "à corriger"
        return "déjà dans la liste" if self.on_roster else "prête"


@dataclass
class Plan:
    """Every line of the file, and what the header said."""

    lines: list[PlannedLine]
    unknown_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    kind: str = "CSV"

    @property
    def importable(self) -> list[PlannedLine]:
        return [line for line in self.lines if line.importable]

    @property
    def to_fix(self) -> list[PlannedLine]:
        return [line for line in self.lines if line.problems]

    @property
    def on_roster(self) -> list[PlannedLine]:
        return [line for line in self.lines if line.on_roster and not line.problems]


def plan(table: Table, roster: Roster) -> Plan:
    """Read every line of ``table`` against ``roster``; nothing is stored."""
    known = {simplified(name): name for name in COLUMNS}
    positions: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(table.header):
        column = known.get(simplified(title))
        if column and column not in positions:
            positions[column] = index
        elif title.strip():
            unknown.append(title.strip())
    missing = [name for name in REQUIRED if name not in positions]
    result = Plan(lines=[], unknown_columns=unknown, missing_columns=missing, kind=table.kind)
    if missing:
        return result
    seen_emails: dict[str, int] = {}
    seen_names: dict[tuple[str, date], int] = {}
    for offset, row in enumerate(table.rows):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i] if i < len(row) else "") for name, i in positions.items()}
        line = read_line(offset + 2, cells, roster)
        _mark_repeats(line, roster, seen_emails, seen_names)
        result.lines.append(line)
    return result


def _mark_repeats(line: PlannedLine, roster: Roster, seen_emails: dict, seen_names: dict) -> None:
    """Already on the roster: same e-mail, or same name and date of entry. Twice in the file:
    the same, against the lines above."""
    member = line.member
    email = roster.normalise_email(member.email) if member.email else None
    name = (member.name_key(), member.joined_on) if member.joined_on and member.last_name else None
    if (email and email in roster.emails) or (name and name in roster.name_dates):
        line.on_roster = True
    earlier = (email and seen_emails.get(email)) or (name and seen_names.get(name))
    if earlier:
        line.problems.append(f"Même personne qu'à la ligne {earlier} du fichier.")
        return
    if email:
        seen_emails[email] = line.number
    if name:
        seen_names[name] = line.number


def read_line(number: int, cells: dict[str, str], roster: Roster) -> PlannedLine:
    """One line (cells by column name) as a planned member with all its problems."""
    member, problems = PlannedMember(), []
    for column, (attribute, longest) in COLUMNS.items():
        text = " ".join(cells.get(column, "").split()) if attribute != "address" else \
            cells.get(column, "").strip()
        if len(text) > longest:
            problems.append(f"{column} : {longest} caractères au plus.")
            continue
        reader = _READERS.get(attribute)
        if reader is None:
            setattr(member, attribute, text or None)
            continue
        value, problem = reader(text, roster)
        if problem:
            problems.append(f"{column} : {problem}")
        elif value is not None:
            setattr(member, attribute, value)
    member.last_name, member.first_name = member.last_name or "", member.first_name or ""
    problems = _line_rules(member, cells) + problems
    line = PlannedLine(number=number, member=member, problems=problems)
    dropped = _drop_unasked(member)
    if not problems:
        line.warnings = dropped + eligibility_warnings(member, roster)
    return line


def _drop_unasked(member: PlannedMember) -> list[str]:
    """Empty what the line's college is not asked (a local actor's gender and address:
    ``minimisation``), and say so: the cells are read, never stored."""
    asked = {"address": member.address, "gender": member.gender}  # in the export's order
    kept = collected(member.college, asked)
    dropped = [COLUMN_TITLES[name].lower() for name in asked if asked[name] is not None
               and kept[name] is None]
    for name, value in kept.items():
        setattr(member, name, value)
    if not dropped:
        return []
    return ["Non gardé pour un acteur local (demandé seulement au collège des habitants) : "
            + ", ".join(dropped) + "."]


def _line_rules(member: PlannedMember, cells: dict[str, str]) -> list[str]:
    problems = []
    if not member.last_name:
        problems.append("Nom manquant.")
    if not member.first_name:
        problems.append("Prénom manquant.")
    if member.college is None and not cells.get("Collège", "").strip():
        problems.append("Collège manquant (habitants ou acteurs locaux).")
    if member.joined_on is None and not cells.get("Date d'entrée", "").strip():
        problems.append("Date d'entrée manquante.")
    if member.status is not MemberStatus.ACTIVE and member.status_changed_on is None \
            and not cells.get("Date du statut", "").strip():
        problems.append("Date du statut manquante : indiquez le jour du départ.")
    if member.joined_on and member.mandate_ends_on and member.mandate_ends_on < member.joined_on:
        problems.append("La fin de mandat est avant la date d'entrée.")
    if member.joined_on and member.status_changed_on and member.status_changed_on < member.joined_on:
        problems.append("La date du statut est avant la date d'entrée.")
    return problems


def eligibility_warnings(member: PlannedMember, roster: Roster) -> list[str]:
    """The eligibility rule's reasons for an active member, as warnings: the council decided who
    sits, the organiser should only know. The roster keeps no birth date, so age is not checked."""
    if member.status is not MemberStatus.ACTIVE or member.college is None:
        return []
    slug = member.neighbourhood
    applicant = Applicant(
        birth_date=date(roster.today.year - 40, 1, 1), college=member.college,
        home_neighbourhood=slug, actor_category=member.actor_category, activity_neighbourhood=slug)
    decision = eligibility.check(applicant, today=roster.today,
                                 neighbourhoods=[s for s, _ in roster.neighbourhoods],
                                 minimum_age=roster.minimum_age)
    ignored = (Reason.TOO_YOUNG, Reason.BIRTH_DATE_INVALID)
    return [f"Éligibilité : {reason.label}." for reason in decision.reasons if reason not in ignored]


# ---------------------------------------------------------------------------------------------
# Cells → values. Each reader returns (value, problem); an empty cell is (None, None).

DATE_HINT = "date non comprise (attendu JJ/MM/AAAA)."
_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(text: str) -> date | None:
    """JJ/MM/AAAA (also J/M/AAAA, with « . » or « - ») or AAAA-MM-JJ; None if not a real day."""
    if match := _FRENCH_DATE.match(text):
        day, month, year = map(int, match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = map(int, match.groups())
    else:
        return None
    try:
        return date(year, month, day) if year >= 1900 else None
    except ValueError:
        return None


def _date(text: str, _roster: Roster):
    if not text:
        return None, None
    value = parse_date(text)
    return (value, None) if value else (None, DATE_HINT)


def _choice(options: dict[str, object], accepted: Iterable[str]):
    table = {simplified(k): v for k, v in options.items()}

    def reader(text: str, _roster: Roster):
        if not text:
            return None, None
        value = table.get(simplified(text))
        if value is None:
            return None, f"valeur inconnue « {text} » (valeurs acceptées : {', '.join(accepted)})."
        return value, None

    return reader


def _enum_options(enum_type, extra: dict[str, object] | None = None) -> dict[str, object]:
    options: dict[str, object] = {}
    for item in enum_type:
        options[item.value] = item
        options[item.label] = item
    return {**options, **(extra or {})}


_COLLEGE = _choice({**_enum_options(College), **{c.short_label: c for c in College},
                    "habitant": College.RESIDENT, "acteur local": College.LOCAL_ACTOR},
                   [c.short_label for c in College])
_ACTIVITY = _choice(_enum_options(ActorCategory, {"commerçant": ActorCategory.SHOPKEEPER,
                                                  "commerçante": ActorCategory.SHOPKEEPER,
                                                  "association": ActorCategory.ASSOCIATION_MEMBER}),
                    [a.label for a in ActorCategory])
_GENDER = _choice(_enum_options(Gender, {"f": Gender.FEMALE, "h": Gender.MALE,
                                         "féminin": Gender.FEMALE, "masculin": Gender.MALE}),
                  [g.label for g in Gender])
_JOIN_METHOD = _choice(_enum_options(JoinMethod, {"tirage": JoinMethod.LOT,
                                                  "désigné": JoinMethod.DESIGNATION,
                                                  "désignée": JoinMethod.DESIGNATION}),
                      [m.label for m in JoinMethod])
_STATUS = _choice(_enum_options(MemberStatus, {"actif": MemberStatus.ACTIVE,
                                               "active": MemberStatus.ACTIVE,
                                               "démissionnaire": MemberStatus.RESIGNED}),
                  [s.label for s in MemberStatus])


def _neighbourhood(text: str, roster: Roster):
    if not text:
        return None, None
    for slug, name in roster.neighbourhoods:
        if simplified(text) in (simplified(slug), simplified(name)):
            return slug, None
    names = ", ".join(name for _, name in roster.neighbourhoods)
    return None, f"quartier inconnu « {text} » (valeurs acceptées : {names})."


def _email(text: str, roster: Roster):
    if not text:
        return None, None
    problem = address_problem(text)
    return (None, f"adresse non utilisable — {problem}") if problem else (roster.normalise_email(text), None)


def _name(text: str, _roster: Roster):
    return (text or None), None


_READERS: dict[str, Callable] = {
    "last_name": _name, "first_name": _name, "college": _COLLEGE, "neighbourhood": _neighbourhood,
    "actor_category": _ACTIVITY, "gender": _GENDER, "joined_on": _date, "join_method": _JOIN_METHOD,
    "mandate_ends_on": _date, "status": _STATUS, "status_changed_on": _date, "email": _email,
}


# ---------------------------------------------------------------------------------------------
# The preview as text (the command line prints it)


def preview_lines(roster_plan: Plan) -> list[str]:
    """The plan in French, one string per line: counts, header problems, then every line with
    its verdict and, indented, its problems (« - ») and warnings (« ! »)."""
    p = roster_plan
    out = [f"Fichier {p.kind} : {_count(len(p.lines), 'ligne lue', 'lignes lues')} — "
           f"{len(p.importable)} prête(s) à importer, {len(p.to_fix)} à corriger, "
           f"{len(p.on_roster)} déjà dans la liste."]
    if p.missing_columns:
        out.append("Colonnes obligatoires absentes : " + ", ".join(p.missing_columns) + ".")
    if p.unknown_columns:
        out.append("Colonnes ignorées (nom inconnu) : "
                   + ", ".join(f"« {name} »" for name in p.unknown_columns) + ".")
    for line in p.lines:
        m = line.member
        facts = ", ".join(filter(None, [m.college.short_label if m.college else "",
                                        f"entrée le {m.joined_on:%d/%m/%Y}" if m.joined_on else ""]))
        name = " ".join(filter(None, [m.last_name, m.first_name])) or "(sans nom)"
        out.append(f"Ligne {line.number} — {name}" + (f" ({facts})" if facts else "")
                   + f" : {line.verdict}")
        out += [f"    - {problem}" for problem in line.problems]
        out += [f"    ! {warning}" for warning in line.warnings]
    return out


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"

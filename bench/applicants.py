"""Fictitious, eligible applicants for the load test: French names with accents, distinct
``@example.org`` e-mails, residents of the two QPVs and local actors whose activity is there."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

from council.config import Defaults

FIRST_NAMES = {
    "female": ["Inès", "Chloé", "Léa", "Maëlys", "Hélène", "Zoé", "Anaïs", "Gaëlle", "Séverine",
               "Clémence", "Cécile", "Mégane", "Héloïse", "Françoise", "Noémie", "Aïcha", "Eugénie",
               "Bérénice", "Joëlle", "Rose-Marie"],
    "male": ["Noël", "Jérôme", "François", "Benoît", "Loïc", "Aurélien", "Théo", "Raphaël", "Joël",
             "Gaël", "Jean-Noël", "Hervé", "Mathéo", "Frédéric", "Sébastien", "Anaël", "Rémi",
             "Jean-Clément", "Mamadou", "Étienne"],
}
LAST_NAMES = ["Lefèvre", "Bénard", "Lemaître", "Hébert", "Ménard", "Prévost", "Lecœur", "Béchet",
              "Quétel", "N'Diaye", "Dubœuf", "Saint-Gérard", "Le Bihan", "Gaudré", "Pâris", "Léger",
              "Mérieux", "Thérèse", "Brégeon", "Da Silva Gonçalves", "Œuvray", "Fouché", "Aubé",
              "El Mansouri", "Duprè"]
STREETS = ["rue de la Chaussée", "rue Saint-Martin", "place du Marché", "rue des Provinces",
           "allée de l'Orne", "rue Pierre-Corneille", "boulevard Carnot", "rue de Sées",
           "impasse du Clos-Fleuri", "rue Étienne-Panthou"]
STRUCTURES = {
    "association_member": ["Association Les Jardins d'Émeraude", "Amicale des Provinces",
                           "Club de foot de Saint-Michel"],
    "artisan": ["Atelier Bénard Menuiserie", "Plomberie Lecœur"],
    "shopkeeper": ["Boulangerie du Marché", "Épicerie Aïcha", "Café de l'Orne"],
    "liberal_profession": ["Cabinet infirmier Hébert", "Kinésithérapie Gaëlle Ménard"],
}
MOTIVATIONS = ["Je veux améliorer la vie du quartier.", "J'habite ici depuis vingt ans et j'ai des idées.",
               "Pour que les jeunes soient écoutés.", "", "Participer aux décisions qui nous concernent."]
NEIGHBOURHOOD_SLUGS = [slug for slug, _name in Defaults.NEIGHBOURHOODS]


def ascii_slug(text: str) -> str:
    """« Lecœur N'Diaye » → « lecoeur-ndiaye », for an e-mail address."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def _birth_date(rng: random.Random, today: date) -> date:
    """Always eligible, never on a birthday edge: some aged 16 or 17, most 17 to 85."""
    if rng.random() < 0.15:  # 16 years and 30 to 600 days old: 16 or 17
        sixteenth = date(today.year - 16, today.month, min(today.day, 28))
        return sixteenth - timedelta(days=rng.randint(30, 600))
    return date(today.year - rng.randint(18, 85), rng.randint(1, 12), rng.randint(1, 28))


def application_form(index: int, today: date, rng: random.Random, run: str = "") -> dict[str, str]:
    """The fields an eligible applicant number ``index`` sends to /candidature (no CSRF token)."""
    gender = rng.choice(["female", "male"])
    first, last = rng.choice(FIRST_NAMES[gender]), rng.choice(LAST_NAMES)
    form = {
        "college": "resident",
        "first_name": first,
        "last_name": last,
        "birth_date": _birth_date(rng, today).isoformat(),
        "email": f"{ascii_slug(first)}.{ascii_slug(last)}.{run}{index}@example.org",
        "phone": f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                 f"{rng.randint(10, 99)}",
        "gender": rng.choice([gender, gender, gender, "undisclosed"]),
        "home_neighbourhood": rng.choice(NEIGHBOURHOOD_SLUGS),
        "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)}, 61200 Argentan",
        "incompatible_office": "non",
        "motivation": rng.choice(MOTIVATIONS),
        "notice_read": "y",
        "website": "",  # the honeypot stays empty
    }
    if index % 5 == 4:  # one in five is a local actor whose activity is in a QPV
        category = rng.choice(sorted(STRUCTURES))
        form.update(college="local_actor", actor_category=category,
                    structure_name=rng.choice(STRUCTURES[category]),
                    home_neighbourhood=rng.choice(NEIGHBOURHOOD_SLUGS + ["autre"]),
                    activity_neighbourhood=rng.choice(NEIGHBOURHOOD_SLUGS))
    return form

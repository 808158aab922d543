"""The contrat de ville's reference lists: the national volets and axes, and Argentan's partners
(as named on its source page)."""

PILLARS = [
    ("developpement-economique-emploi", "Développement économique et emploi"),
    ("cadre-de-vie-renovation-urbaine", "Cadre de vie et rénovation urbaine"),
    ("cohesion-sociale", "Cohésion sociale"),
]

AXES = [
    ("egalite-femmes-hommes", "Égalité entre les femmes et les hommes"),
    ("lutte-contre-discriminations", "Lutte contre les discriminations"),
    ("jeunesse", "Jeunesse"),
]

# Argentan's partners, as its source page names them: the partners loaded for Argentan's first
# council and its demo (another city starts with none and adds its own in /admin/partenaires).
# The page announces twenty partners but names nineteen (Logis Familial/Sagim is one landlord).
PARTNERS = [
    ("etat", "L'État", "state"),
    ("ville-argentan", "La Ville d'Argentan", "local_authority"),
    ("argentan-intercom", "Communauté de communes Argentan Intercom", "local_authority"),
    ("region-normandie", "Conseil régional de Normandie", "local_authority"),
    ("departement-orne", "Conseil départemental de l'Orne", "local_authority"),
    ("petr-papao", "Pôle d'équilibre territorial et rural PAPAO – pays d'Ouche", "local_authority"),
    ("procureur", "Procureur de la République", "state"),
    ("orne-habitat", "Orne Habitat (bailleur social)", "landlord"),
    ("logis-familial-sagim", "Logis Familial / Sagim (bailleur social)", "landlord"),
    ("caisse-des-depots", "Caisse des Dépôts et Consignations", "public_body"),
    ("pole-emploi", "Pôle emploi (France Travail)", "public_body"),
    ("education-nationale", "Éducation nationale", "state"),
    ("drac", "Direction régionale des affaires culturelles", "state"),
    ("ars", "Agence régionale de santé", "public_body"),
    ("caf-orne", "Caisse d'allocations familiales de l'Orne", "public_body"),
    ("cma", "Chambre de métiers et de l'artisanat de région", "public_body"),
    ("cci-flers-argentan", "Chambre de commerce et d'industrie de Flers-Argentan", "public_body"),
    ("cdos", "Comité départemental olympique et sportif", "association"),
    ("mission-locale", "Mission locale d'Argentan", "association"),
]

# The partners a first council starts with, by its city (CITY_NAME at init).
DEFAULT_PARTNERS = {"Argentan": PARTNERS}


def default_partners(city: str) -> list[tuple[str, str, str]]:
    """The partners loaded at init for a council of ``city`` (none for a city not listed)."""
    return DEFAULT_PARTNERS.get(city, [])

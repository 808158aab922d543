"""The contrat de ville's reference lists, as named on Argentan's source page."""

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

# The page announces twenty partners but names nineteen (Logis Familial/Sagim is one landlord).
PARTNERS = [
    ("etat", "L'État"),
    ("ville-argentan", "La Ville d'Argentan"),
    ("argentan-intercom", "Communauté de communes Argentan Intercom"),
    ("region-normandie", "Conseil régional de Normandie"),
    ("departement-orne", "Conseil départemental de l'Orne"),
    ("petr-papao", "Pôle d'équilibre territorial et rural PAPAO – pays d'Ouche"),
    ("procureur", "Procureur de la République"),
    ("orne-habitat", "Orne Habitat (bailleur social)"),
    ("logis-familial-sagim", "Logis Familial / Sagim (bailleur social)"),
    ("caisse-des-depots", "Caisse des Dépôts et Consignations"),
    ("pole-emploi", "Pôle emploi (France Travail)"),
    ("education-nationale", "Éducation nationale"),
    ("drac", "Direction régionale des affaires culturelles"),
    ("ars", "Agence régionale de santé"),
    ("caf-orne", "Caisse d'allocations familiales de l'Orne"),
    ("cma", "Chambre de métiers et de l'artisanat de région"),
    ("cci-flers-argentan", "Chambre de commerce et d'industrie de Flers-Argentan"),
    ("cdos", "Comité départemental olympique et sportif"),
    ("mission-locale", "Mission locale d'Argentan"),
]

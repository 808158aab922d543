"""The keys of a member's data export (« Mes données »), in French: a person reading the file sees
« prenom », « date_de_naissance », not the database's English column names. Pure: no Flask."""

from __future__ import annotations

# Database column → key in the export (ASCII, no spaces: the file is read by programs too).
FRENCH_KEYS = {
    "id": "numero",
    "email": "adresse_email",
    "pending_email": "nouvelle_adresse_email_a_confirmer",
    "pending_email_requested_at": "nouvelle_adresse_email_demandee_le",
    "role": "role",
    "active": "compte_actif",
    "is_platform_admin": "administrateur_de_la_plateforme",
    "created_at": "cree_le",
    "last_login_at": "derniere_connexion",
    "user_id": "numero_de_compte",
    "council_id": "numero_du_conseil",
    "first_name": "prenom",
    "last_name": "nom",
    "phone": "telephone",
    "address": "adresse",
    "gender": "genre",
    "college": "college",
    "neighbourhood_id": "quartier",
    "actor_category": "categorie_acteur_local",
    "structure_name": "structure",
    "joined_on": "membre_depuis",
    "join_method": "mode_d_entree",
    "invitations_by_email": "invitations_aux_reunions_par_email",
    "feed_alarm_minutes": "rappel_dans_l_agenda_minutes_avant",
    "mandate_ends_on": "fin_de_mandat",
    "eligibility_override_reason": "motif_d_admission_malgre_les_conditions",
    "invited_at": "invite_le",
    "invited_by_id": "invite_par_le_compte",
    "status": "statut",
    "status_changed_on": "statut_depuis",
    "status_reason": "motif_du_statut",
    "anonymised_at": "anonymise_le",
    "reference": "reference",
    "birth_date": "date_de_naissance",
    "min_age_checked_on": "age_minimum_verifie_le",
    "min_age_in_force": "age_minimum_alors_en_vigueur",
    "home_neighbourhood_id": "quartier_d_habitation",
    "activity_neighbourhood_id": "quartier_d_activite",
    "motivation": "motivation",
    "consented_at": "notice_lue_le",  # not a consent: the application rests on the request to join
    "decided_at": "decision_le",
    "decided_by_id": "decision_par_le_compte",
    "rejection_reason": "motif_du_refus",
    "substitute_position": "rang_de_suppleant",
    "member_id": "numero_de_membre",
}


def french_key(column: str) -> str:
    """The export's key for a database column (a column without one keeps its name: a test fails
    before that reaches anyone)."""
    return FRENCH_KEYS.get(column, column)

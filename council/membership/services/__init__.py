"""Membership services: everything that touches the database or sends mail. Add and flush,
never commit.

- ``applications``: submit an application (or count an anonymous refusal), review it.
- ``roster``: the members' records: queries, departures, corrections, composition counts.
- ``activation``: the account of a new member: the link to choose a first password.
- ``notifications``: the e-mails of the membership flow.
"""

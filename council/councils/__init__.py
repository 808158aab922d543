"""The council's profile (identity, texts, rules) and its admin page.

Every area reads the council through ``council.councils.services``: ``current_council()`` for who
it is, ``rules()`` for what it decided, ``council_config()`` for code reading a settings mapping.
The blueprint lives in ``views.py`` (not here) so that importing the services loads no view.
"""

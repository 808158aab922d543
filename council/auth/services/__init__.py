"""Account services: everything about accounts that touches the database or sends mail. Add and
flush, never commit.

- ``accounts``: create, find, authenticate; roles and the last admin (rules 2, 4, 5).
- ``passwords``: reset links, a changed or first password.
- ``email_change``: one's own login e-mail, through a link sent to the new address (rule 3).
- ``notifications``: the e-mails about one's account (reset link, login e-mail change).

The identity rules live in this package, in one place, and every path (views, CLI, other areas)
uses them:

1. An account is found by its id. An e-mail typed into another form (an application, a roster
   record, an erasure request) never designates an account: ``accounts.find_user`` serves only
   sign-in, the reset request and the uniqueness checks below.
2. Accepting an application never links to, enables, or changes the role or password of an
   existing account (``accounts.new_member_account``): the new member then has no account, and
   the organiser is told why and what to do. A member record is linked to an account only by an
   admin, by id (``council.membership.services.roster.link_member_account``).
3. Nobody changes another account's login e-mail. A person changes their own through a link sent
   to the new address, which also tells the old one (``email_change.request_email_change``,
   ``email_change.confirm_email_change``); until the link is followed, nothing changes.
4. Staff roles come only from an admin, password re-entered (``accounts.update_account``, behind
   ``recent_auth_required``), or from the command line run by whoever runs the server.
5. The site always keeps one active admin: every path that demotes, disables or erases an account
   asks ``accounts.ensure_an_admin_remains`` first.
"""

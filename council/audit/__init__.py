"""The audit log: who did what to which record, and when — never any personal data."""

from council.audit.services import log

__all__ = ["log"]

"""Named domain errors. Each carries a locale key and parameters so pages show a translated message."""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause; `key` names a message in the locale catalogue.

    A subclass names its default message in the class line: `class NotFound(DomainError, key="error.not_found")`.
    """

    key = "error.generic"

    def __init_subclass__(cls, key: str | None = None, **kwargs: object):
        super().__init_subclass__(**kwargs)
        if key:
            cls.key = key

    def __init__(self, key: str | None = None, **params: object):
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class PermissionDenied(DomainError, key="error.permission_denied"):
    """The actor's roles do not cover this action (over this unit)."""


class NotFound(DomainError, key="error.not_found"):
    """A record the caller named does not exist (or is not visible to them)."""


class ValidationError(DomainError, key="error.validation"):
    """Input that breaks a rule; the key names the rule and the field."""


class InvalidTransition(DomainError, key="error.invalid_transition"):
    """A state change the state machine does not allow from the current state."""


class ConcurrentUpdate(DomainError, key="error.concurrent_update"):
    """Someone else changed the record since it was read."""


class AuthenticationError(DomainError, key="auth.error.invalid_credentials"):
    """Sign-in refused."""


class AccountLocked(AuthenticationError, key="auth.error.locked"):
    """Sign-in refused while the account is throttled."""


class ImportFailed(DomainError, key="import.error.bad_rows"):
    """An import with bad rows; `rows` lists RowError items and nothing was written."""

    def __init__(self, rows: list, **params: object):
        self.rows = rows
        super().__init__(count=len({getattr(row, "row", None) for row in rows}), errors=len(rows), **params)

"""Named domain errors. Each carries a locale key and parameters so pages show a translated message."""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause; `key` names a message in the locale catalogue."""

    key = "error.generic"

    def __init__(self, key: str | None = None, **params: object):
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class PermissionDenied(DomainError):
    key = "error.permission_denied"


class NotFound(DomainError):
    key = "error.not_found"


class ValidationError(DomainError):
    key = "error.validation"


class InvalidTransition(DomainError):
    key = "error.invalid_transition"


class ConcurrentUpdate(DomainError):
    key = "error.concurrent_update"


class AuthenticationError(DomainError):
    key = "auth.error.invalid_credentials"


class AccountLocked(AuthenticationError):
    key = "auth.error.locked"


class ImportFailed(DomainError):
    """An import with bad rows; `rows` lists RowError items and nothing was written."""

    key = "import.error.bad_rows"

    def __init__(self, rows: list, **params: object):
        self.rows = rows
        super().__init__(count=len(rows), **params)

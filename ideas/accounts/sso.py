"""Optional single sign-on: an e-mail proven by the organisation's OIDC provider (Streamlit `st.login`)
is mapped to an existing, active staff account, which then gets an ordinary server-side session.

Nobody is created here: only people an administrator has registered (with that e-mail) can come in.
"""
from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.accounts.users import CLAIM_SECONDS, LoginResult, _token_hash
from ideas.core import audit, settings
from ideas.core.errors import AuthenticationError
from ideas.core.models import AuthSession, User, utcnow
from ideas.core.text import clean_line


def user_for_oidc_email(session: Session, email: str | None) -> User | None:
    """The one active account registered with this e-mail (case-insensitive), or None (none or ambiguous)."""
    address = clean_line(email).lower()
    if not address or "@" not in address:
        return None
    found = list(session.scalars(select(User).where(func.lower(User.email) == address, User.active.is_(True))
                                 .limit(2)))
    return found[0] if len(found) == 1 else None


def login_with_oidc(*, session: Session, email: str | None, email_verified: bool | None = True) -> LoginResult:
    """Open a session for the account behind a provider-verified e-mail (same tokens as a password login)."""
    user = user_for_oidc_email(session, email) if email_verified is not False else None
    if user is None:
        audit.record(session=session, actor=None, action="auth.sso_refused", entity="email",
                     entity_id=clean_line(email)[:60] or None)
        session.flush()
        raise AuthenticationError("security.sso.error.no_account", email=clean_line(email))
    token, claim = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    session.add(AuthSession(
        token_hash=_token_hash(token), claim_hash=_token_hash(claim),
        claim_expires_at=now + dt.timedelta(seconds=CLAIM_SECONDS), user_id=user.id, last_seen_at=now,
        expires_at=now + dt.timedelta(days=settings.get_int(session, "auth.session_days")),
    ))
    audit.record(session=session, actor=user, action="auth.sso_login", entity="user", entity_id=user.id)
    session.flush()
    return LoginResult(user=user, session_token=token, claim_token=claim)

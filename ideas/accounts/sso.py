"""Optional single sign-on: an e-mail proven by the organisation's OIDC provider (Streamlit `st.login`)
is mapped to an existing, active staff account, which then gets an ordinary server-side session.

Nobody is created here: only people an administrator has registered (with that e-mail) can come in.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.accounts.sessions import LoginResult, open_session, own_unit_of_work
from ideas.core import audit
from ideas.core.errors import AuthenticationError
from ideas.core.models import User
from ideas.core.text import clean_line


def user_for_oidc_email(session: Session, email: str | None) -> User | None:
    """The one active account registered with this e-mail (case-insensitive), or None (none or ambiguous)."""
    address = clean_line(email).lower()
    if not address or "@" not in address:
        return None
    found = list(session.scalars(select(User).where(func.lower(User.email) == address, User.active.is_(True))
                                 .limit(2)))
    return found[0] if len(found) == 1 else None


def login_with_oidc(*, session: Session, email: str | None, email_verified: bool | None = True,
                    nonce: str | None = None) -> LoginResult:
    """Open a session for the account behind a provider-verified e-mail (same tokens as a password login)."""
    user = user_for_oidc_email(session, email) if email_verified is not False else None
    if user is None:
        with own_unit_of_work(session) as own:  # the refusal stays recorded whatever the caller does next
            audit.record(session=own, actor=None, action="auth.sso_refused", entity="email",
                         entity_id=clean_line(email)[:60] or None)
        raise AuthenticationError("security.sso.error.no_account", email=clean_line(email))
    return open_session(session=session, user=user, nonce=nonce, action="auth.sso_login")

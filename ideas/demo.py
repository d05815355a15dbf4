"""Demo data: a believable Vietnamese province (filled in by the demo work)."""
from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session


def load_demo(*, session: Session) -> list[dict]:
    """Load the demo province; returns the demo logins (username, password, roles) to show once."""
    return []


def logins_csv(logins: list[dict]) -> bytes:
    buffer = io.StringIO()
    if logins:
        writer = csv.DictWriter(buffer, fieldnames=list(logins[0]))
        writer.writeheader()
        writer.writerows(logins)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

"""Demo data: a believable Vietnamese province (filled in by the demo work)."""
from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session


# Each capability seeds its part of the demo in `ideas/demo_<area>.py` with `seed(session=..., context=...)`;
# they run in this order, each seeing what the ones before it created (context is a shared dict).
AREA_SEEDERS = ("ideas.demo_ideas", "ideas.demo_review", "ideas.demo_rewards", "ideas.demo_dashboards")


def load_demo(*, session: Session) -> list[dict]:
    """Load the demo province; returns the demo logins (username, password, roles) to show once."""
    import importlib
    import importlib.util

    context: dict = {}
    logins: list[dict] = []  # filled by the units-and-staff part
    for name in AREA_SEEDERS:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).seed(session=session, context=context)
    return logins


def logins_csv(logins: list[dict]) -> bytes:
    buffer = io.StringIO()
    if logins:
        writer = csv.DictWriter(buffer, fieldnames=list(logins[0]))
        writer.writeheader()
        writer.writerows(logins)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

"""What the reward-rules administration page shows, ready to render: each rule's values and the award
catalogue, numbers in the page's language, kinds and levels by name."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.core.i18n import fmt_date, fmt_number, t
from ideas.core.permissions import Actor
from ideas.rewards import rules
from ideas.rewards.rules import fmt_coefficient

MONEY_KEYS = frozenset({"base_salary", "rounding_step"})


@dataclass(frozen=True)
class RulesView:
    values: dict[str, pd.DataFrame]  # rule key -> value, effective_from, legal_basis (display)
    current: dict[str, str]  # rule key -> the latest value, formatted (a hint in the input)
    catalogue: pd.DataFrame  # display columns, no codes
    forms: pd.DataFrame  # the catalogue rows as stored, for the edit form
    form_labels: dict[int, str]  # catalogue row id -> name (effective from)
    code_names: dict[str, str]  # form code -> name, for the coefficient picker


def fmt_rule(key: str, value: object, lang: str) -> str:
    return fmt_number(int(value), lang) if key in MONEY_KEYS else fmt_coefficient(value, lang)


def overview(*, session: Session, actor: Actor, lang: str = "vi") -> RulesView:
    """The rules in force and their history, and the award catalogue."""
    table = rules.rule_table(session)
    values, current = {}, {}
    for key in rules.RULE_KEYS:
        rows = table[table.key == key]
        values[key] = pd.DataFrame({
            "value": [fmt_rule(key, v, lang) for v in rows.value],
            "effective_from": [fmt_date(d, lang) for d in rows.effective_from],
            "legal_basis": [b if isinstance(b, str) else "" for b in rows.legal_basis]})
        current[key] = values[key].value.iloc[0] if not rows.empty else ""
    forms = rules.catalogue(session)
    name = forms.name_vi if lang == "vi" else forms.name_en
    shown = pd.DataFrame({
        "name": name, "kind": [t(f"rewards.form_kind.{k}", lang) for k in forms.kind],
        "level": [t(f"rewards.scope.{v}", lang) for v in forms.level],
        "allows_individual": forms.allows_individual.astype(bool),
        "allows_collective": forms.allows_collective.astype(bool),
        "coefficient": [fmt_coefficient(c, lang) for c in forms.coefficient],
        "effective_from": [fmt_date(d, lang) for d in forms.effective_from],
        "effective_to": [fmt_date(d, lang) if isinstance(d, dt.date) else "" for d in forms.effective_to],
        "legal_basis": [b if isinstance(b, str) else "" for b in forms.legal_basis]})
    labels = {int(r.id): f"{n} ({fmt_date(r.effective_from, lang)})" for r, n in
              zip(forms.itertuples(), name, strict=True)}
    code_names = {code: n for code, n in zip(forms.code, name, strict=True)}
    return RulesView(values, current, shown, forms, labels, dict(sorted(code_names.items(), key=lambda i: i[1])))

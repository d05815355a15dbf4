"""Bulk inserts straight to the driver (executemany on SQLite, COPY on PostgreSQL) for generated data.

For data that is already valid (the synthetic province, a rebuilt index): no ORM objects, no
per-row type processing, no RETURNING. Python-side column defaults are applied here.
"""
from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from sqlalchemy.orm import Session


def sqlite_value(value: object) -> object:
    """The storage format SQLAlchemy's SQLite types use, so the ORM reads the rows back unchanged."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def python_defaults(table) -> dict[str, object]:
    values = {}
    for column in table.columns:
        default = column.default
        if default is not None and default.is_scalar:
            values[column.name] = default.arg
        elif default is not None and default.is_callable:
            values[column.name] = default.arg(None)
    return values


def insert_rows(session: Session, model, batch: list[dict]) -> float:
    """One chunk straight to the driver (executemany on SQLite, COPY on PostgreSQL); returns the seconds spent."""
    # Every row gets the same columns: Python-side defaults where a value is missing, else NULL.
    defaults = python_defaults(model.__table__)
    # A unique column's callable default (a verification code) is drawn per row: one value per chunk collides.
    per_row = {column.name: column.default.arg for column in model.__table__.columns
               if column.unique and column.default is not None and column.default.is_callable}
    columns = sorted(set().union(*batch) | set(defaults))
    batch = [{**defaults, **{name: make(None) for name, make in per_row.items()}, **row} for row in batch]
    started = time.perf_counter()
    connection = session.connection()
    raw = connection.connection.driver_connection
    table = model.__tablename__
    if connection.dialect.name == "postgresql":
        names = ", ".join(f'"{c}"' for c in columns)
        with raw.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in batch:
                copy.write_row([row.get(c) for c in columns])
    else:
        sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
        raw.cursor().executemany(sql, [[sqlite_value(row.get(c)) for c in columns] for row in batch])
    return time.perf_counter() - started


def analyze(database) -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL's autovacuum would do it only later:
    until then it plans the similar-ideas query 15x slower)."""
    with database.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        else:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()

"""Helpers that tamper with an audit log's SQLite tables directly (as an attacker would)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

TABLE = "dfgov_audit_events"


def rows(path: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(path) as c:
        return list(c.execute(f"SELECT seq, record, hash FROM {TABLE} ORDER BY seq"))


def execute(path: Path, sql: str, params: tuple[Any, ...] = ()) -> None:
    c = sqlite3.connect(path)
    try:
        c.execute(sql, params)
        c.commit()
    finally:
        c.close()


def rewrite(path: Path, new_rows: list[tuple[int, str, str]]) -> None:
    c = sqlite3.connect(path)
    try:
        c.execute(f"DELETE FROM {TABLE}")
        c.executemany(f"INSERT INTO {TABLE} (seq, record, hash) VALUES (?, ?, ?)", new_rows)
        c.commit()
    finally:
        c.close()


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def edit_record(path: Path, seq: int, field: str, value: Any) -> None:
    record = dict(json.loads(next(r for s, r, _ in rows(path) if s == seq)))
    record[field] = value
    execute(path, f"UPDATE {TABLE} SET record = ? WHERE seq = ?", (canonical(record), seq))

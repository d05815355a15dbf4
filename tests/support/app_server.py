"""The deployed app (tests/support/deployed_app.py: st.App with our routes and middleware) run by uvicorn."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_app(database_url: str, log: Path, **env: str) -> Iterator[str]:
    """Start the app on a free port, wait until it answers its health check, yield its base URL, stop it."""
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "tests.support.deployed_app:app", "--host", "127.0.0.1",
             "--port", str(port)], cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url, **env},
            stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(f"{base}/_stcore/health", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.25)
        else:
            raise AssertionError(log.read_text())
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)

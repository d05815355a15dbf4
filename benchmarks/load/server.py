"""Start and stop `streamlit run app.py` for load runs (CI test, capacity runner): a free port, a log, health wait."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ideas.core.db import PROJECT_ROOT

HEALTH_TIMEOUT = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout: float = HEALTH_TIMEOUT) -> None:
    """Wait until `url`/_stcore/health answers ok; raise RuntimeError with the log tail otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"no health answer from {url} in {timeout:.0f} s:\n{tail(log_path)}")
        time.sleep(0.3)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(database_url: str, log_path: Path, *, port: int | None = None,
                 options: dict[str, str] | None = None, app_dir: Path = PROJECT_ROOT) -> Server:
    """`streamlit run app.py` on 127.0.0.1 with DATABASE_URL; extra Streamlit options as {"server.x": "v"}.

    `app_dir` runs another checkout of the app (e.g. an older commit, for a before/after comparison).
    """
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    for name, value in (options or {}).items():
        command += [f"--{name}", str(value)]
    env = dict(os.environ, DATABASE_URL=database_url, PYTHONUNBUFFERED="1")
    log = log_path.open("w", encoding="utf-8")
    process = subprocess.Popen(command, cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()  # the child keeps its own handle
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    wait_healthy(server.url, process, log_path)
    return server

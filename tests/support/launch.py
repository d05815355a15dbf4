"""Launchers shared by tests and benchmarks: Streamlit, the deployed app under uvicorn, nginx in front of replicas.

Each one is a context manager: the process it starts is ended when the block exits, however it exits (a failed
assertion, a timeout, KeyboardInterrupt): terminate, wait, then kill.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from ideas.core.settings import UPLOAD_LIMIT_MB

ROOT = Path(__file__).resolve().parents[2]
HEALTH_TIMEOUT = 90  # seconds; a busy 2-core machine needs far more than a quiet one
STOP_TIMEOUT = 15
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_HINT = "apt-get install -y --no-install-recommends nginx-light"


class DidNotStart(RuntimeError):
    """A launched process exited or did not answer its health check in time (the message ends with its log)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(process: subprocess.Popen, timeout: float = STOP_TIMEOUT) -> None:
    """Terminate, wait up to `timeout`, then kill: the process is gone when this returns."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running(command: Sequence[str], *, log_path: Path, cwd: Path = ROOT, **env: str) -> Iterator[subprocess.Popen]:
    """Run `command` (output to `log_path`, `env` added to this process's environment) for the block's length."""
    with log_path.open("w", encoding="utf-8") as log:  # the child keeps its own handle
        process = subprocess.Popen(list(command), cwd=cwd, env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        stop(process)


def wait_healthy(url: str, process: subprocess.Popen, log_path: Path, *, timeout: float = HEALTH_TIMEOUT) -> None:
    """Wait until `url`/_stcore/health answers ok; DidNotStart (with the log's tail) otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise DidNotStart(f"{url}: exited with {process.returncode}:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise DidNotStart(f"{url}: no health answer in {timeout:.0f} s:\n{tail(log_path)}")
        time.sleep(0.3)


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def address(self) -> str:
        """host:port, as an nginx upstream names it."""
        return self.url.removeprefix("http://")


@contextmanager
def serving(command: Sequence[str], port: int, log_path: Path, *, cwd: Path = ROOT, **env: str) -> Iterator[Server]:
    """`running`, then wait for the health check on 127.0.0.1:`port`."""
    with running(command, log_path=log_path, cwd=cwd, **env) as process:
        server = Server(f"http://127.0.0.1:{port}", process, log_path)
        wait_healthy(server.url, process, log_path)
        yield server


def streamlit(database_url: str, log_path: Path, *, port: int | None = None, options: dict[str, str] | None = None,
              app_dir: Path = ROOT, script: str = "app.py", env: dict[str, str] | None = None,
              ) -> AbstractContextManager[Server]:
    """`streamlit run app.py` on 127.0.0.1 with DATABASE_URL; extra Streamlit options as {"server.x": "v"}.

    `app_dir` runs another checkout of the app (e.g. an older commit, for a before/after comparison); `script`
    another script (the benchmark's bare Streamlit page); `env` more environment variables.
    """
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    for name, value in (options or {}).items():
        command += [f"--{name}", str(value)]
    return serving(command, port, log_path, cwd=app_dir, DATABASE_URL=database_url, **(env or {}))


def deployed_app(database_url: str, log_path: Path, **env: str) -> AbstractContextManager[Server]:
    """The app as deployed (tests/support/deployed_app.py: our routes and middleware around Streamlit) on uvicorn."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "tests.support.deployed_app:app", "--host", "127.0.0.1",
               "--port", str(port)]
    return serving(command, port, log_path, DATABASE_URL=database_url, **env)


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream replicas {{
        {balance};
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size {body_mb}m;  # ideas.core.settings.UPLOAD_LIMIT_MB, as in docs/DEPLOY.md
        location / {{
            proxy_pass http://replicas;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;  # with the port: the app checks WebSocket origins against it
            proxy_read_timeout 3600;
        }}
    }}
}}
"""
BY_CLIENT_ADDRESS = "ip_hash"  # as in docs/DEPLOY.md: one browser stays on one replica
BY_SESSION_COOKIE = "hash $cookie_sk_session consistent"  # simulated users all come from 127.0.0.1


@contextmanager
def nginx(upstreams: Sequence[str], tmp: Path, *, balance: str = BY_CLIENT_ADDRESS) -> Iterator[Server]:
    """nginx on a free port in front of `upstreams` (host:port): WebSocket upgrade, sticky by `balance`."""
    port = free_port()
    servers = "\n".join(f"        server {address};" for address in upstreams)
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, servers=servers, balance=balance,
                                        body_mb=UPLOAD_LIMIT_MB), encoding="utf-8")
    with serving([NGINX, "-c", str(conf), "-p", str(tmp)], port, tmp / "error.log") as server:
        yield server

"""Server CPU and memory during a load run: psutil samples of the server processes (and their children)."""
from __future__ import annotations

import gc
import threading
import time

import psutil

MB = 1024 * 1024


class ServerMonitor(threading.Thread):
    """Sample CPU (100% = one core) and RSS of the given pids once a second until `stop()`."""

    def __init__(self, pids: tuple[int, ...] | list[int], interval: float = 1.0) -> None:
        super().__init__(daemon=True, name="load-monitor")
        self.interval = interval
        self.processes: dict[int, psutil.Process] = {}
        for pid in pids:
            try:
                self.processes[pid] = psutil.Process(pid)
            except psutil.NoSuchProcess:
                pass
        self.samples: list[tuple[float, float, float]] = []  # (t, cpu %, rss bytes)
        self.gone_at: float | None = None
        self._stop_event = threading.Event()
        self.rss_start = self.rss()
        self.cpu_start = self.cpu_seconds()
        self.cpu_used: float | None = None
        for process in self._all():
            try:
                process.cpu_percent(None)  # primes the counter
            except psutil.Error:
                pass

    def _all(self) -> list[psutil.Process]:
        found = []
        for process in self.processes.values():
            found.append(process)
            try:
                found += process.children(recursive=True)
            except psutil.Error:
                pass
        return found

    def cpu_seconds(self) -> float:
        """User + system CPU time the server processes used so far."""
        total = 0.0
        for process in self._all():
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    def rss(self) -> float:
        total = 0
        for process in self._all():
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass
        return total

    def run(self) -> None:
        started = time.monotonic()
        while not self._stop_event.wait(self.interval):
            cpu = 0.0
            for process in self._all():
                try:
                    cpu += process.cpu_percent(None)
                except psutil.Error:
                    pass
            self.samples.append((time.monotonic() - started, cpu, self.rss()))

    def mark_users_gone(self) -> None:
        self.gone_at = len(self.samples)
        self.cpu_used = self.cpu_seconds() - self.cpu_start

    def stop(self) -> dict:
        """Stop sampling; CPU mean/max while users were connected, RSS at start, peak and at the end."""
        self._stop_event.set()
        self.join(timeout=5)
        gc.collect()
        if not self.processes or not self.samples:
            return {"samples": 0}
        busy = self.samples[: self.gone_at or len(self.samples)] or self.samples
        cpus = [cpu for _, cpu, _ in busy]
        return {"samples": len(self.samples), "pids": sorted(self.processes), "cpu_s": round(self.cpu_used or 0, 1),
                "cpu_mean": sum(cpus) / len(cpus), "cpu_max": max(cpus),
                "rss_start_mb": self.rss_start / MB, "rss_peak_mb": max(r for _, _, r in self.samples) / MB,
                "rss_end_mb": self.rss() / MB,
                "rss_series_mb": [round(r / MB, 1) for _, _, r in self.samples]}

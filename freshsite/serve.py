"""``make serve``: the production stack on this machine, in one command.

nginx (deploy/nginx/, rendered from the settings by freshsite/nginx_config.py) in front of
Granian, one Celery worker and one Celery beat, all on ``freshsite.settings.production``. nginx
answers the published pages (from disk, or from the bucket when SNAPSHOT_S3_BUCKET is set), the
static files and local media, and hands everything else to Granian. Beat runs in a process of
its own, and only one: a second beat would send every periodic task twice.

The services come from the environment (or ``.env``). When none is named, ``var/serve.env`` is
written naming this machine's embedded ones (a SQLite file and the embedded Redis under
``var/serve/``), with a generated SECRET_KEY that later runs keep, plain HTTP on loopback, and
the demo catalog. A worker or beat that exits is restarted after a back-off; if nginx or Granian
exits, everything stops. Ctrl-C stops everything.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from freshsite.nginx_config import nginx_command, nginx_config_write
from freshsite.run import Backoff, process_group_stop, processes_stop, supervise

BASE_DIR = Path(__file__).resolve().parent.parent
ADDRESS = os.environ.get("SERVE_ADDRESS", "127.0.0.1:8080")
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "REDIS_STORE_URL", "CELERY_BROKER_URL")
LOOPBACK_HOSTS = "127.0.0.1,localhost,[::1]"
POLL_SECONDS = 0.2


# --- nginx: the site, rendered from the Django settings (freshsite/nginx_config.py) ----------
def nginx_config_render_for(env: dict[str, str], *, prefix: Path, listen: str, app: str) -> Path:
    """``nginx_config_write`` under the settings ``env`` gives (a process of its own: the
    settings are read once per process)."""
    subprocess.run(
        [sys.executable, "-m", "freshsite.serve", "nginx-config", str(prefix), listen, app],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    return prefix.resolve() / "nginx.conf"


# --- the processes ----------------------------------------------------------------------------
def granian_command(*, address: str, workers: int = 2) -> list[str]:
    host, port = address.rsplit(":", 1)
    return [
        *(str(Path(sys.executable).parent / "granian"), "--interface", "wsgi"),
        *("--host", host, "--port", port, "--workers", str(workers)),
        *("--blocking-threads", "4", "--log-level", "warning"),
        "freshsite.wsgi:application",
    ]


def celery_commands(var_dir: Path) -> tuple[list[str], list[str]]:
    """One worker and one beat (apart: beat must run once per deployment)."""
    celery = [sys.executable, "-m", "celery", "-A", "freshsite"]
    worker = [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"]
    schedule = str(var_dir / "celerybeat-schedule")
    beat = [*celery, "beat", "--loglevel", "INFO", "--schedule", schedule]
    return worker, beat


@dataclass
class Service:
    """A process of the stack. An ``essential`` one exiting stops the stack; the others are
    restarted after a back-off (the process group is stopped first: what it left behind)."""

    name: str
    command: list[str]
    essential: bool
    process: subprocess.Popen | None = None
    started: float = 0.0
    restart_at: float | None = None
    backoff: Backoff = field(default_factory=Backoff)


class StackSupervisor:
    def __init__(self, services: list[Service], *, env: dict[str, str], steady_after=60.0):
        self.services, self.env, self.steady_after = services, env, steady_after
        self.stopping = threading.Event()

    def stop(self, *_signal_args) -> None:
        self.stopping.set()

    def run(self) -> int:
        """Supervise until asked to stop (0) or until an essential process exits (its code)."""
        try:
            for service in self.services:
                self._start(service)
            while not self.stopping.wait(POLL_SECONDS):
                for service in self.services:
                    code = self._check(service)
                    if code is not None:
                        return code
            return 0
        finally:
            self._stop_all()

    def _start(self, service: Service) -> None:
        service.process = subprocess.Popen(
            service.command, cwd=BASE_DIR, env=self.env, process_group=0, stdin=subprocess.DEVNULL
        )
        service.started, service.restart_at = time.monotonic(), None

    def _check(self, service: Service) -> int | None:
        now = time.monotonic()
        if service.restart_at is not None:
            if now >= service.restart_at:
                say(f"restarting {service.name}")
                self._start(service)
            return None
        code = service.process.poll()
        if code is None:
            return None
        process_group_stop(service.process)
        if service.essential:
            say(f"{service.name} exited with code {code}; stopping everything")
            return code or 1
        if now - service.started >= self.steady_after:
            service.backoff.reset()
        delay = service.backoff.next()
        service.restart_at = now + delay
        say(f"{service.name} exited with code {code}; restarting in {delay:g} s")
        return None

    def _stop_all(self) -> None:
        running = [s.process for s in self.services if s.process and s.process.poll() is None]
        processes_stop(running)
        for process in running:
            process_group_stop(process)  # what it left behind


def say(message: str) -> None:
    print(f"[make serve] {message}", file=sys.stderr, flush=True)


def stack_supervisor(
    *, env: dict[str, str], var_dir: Path, address: str, app_address: str, web_workers: int = 2
) -> StackSupervisor:
    config = nginx_config_render_for(env, prefix=var_dir / "nginx", listen=address, app=app_address)
    worker, beat = celery_commands(var_dir)
    services = [
        Service("nginx", nginx_command(config), essential=True),
        Service("granian", granian_command(address=app_address, workers=web_workers), True),
        Service("celery worker", worker, essential=False),
        Service("celery beat", beat, essential=False),
    ]
    return StackSupervisor(services, env=env)


@contextlib.contextmanager
def stack(
    *, env: dict[str, str], var_dir: Path, port: int, app_port: int, host: str = "127.0.0.1"
) -> Iterator[str]:
    """The stack in the background (benchmarks, tests): its base URL while the block runs."""
    address, app_address = f"{host}:{port}", f"{host}:{app_port}"
    supervisor = stack_supervisor(
        env=env, var_dir=var_dir, address=address, app_address=app_address
    )
    thread = threading.Thread(target=supervisor.run, name="make-serve", daemon=True)
    thread.start()
    try:
        yield f"http://{address}"
    finally:
        supervisor.stop()
        thread.join()


# --- var/serve.env: this machine's embedded services, when the environment names none ---------
def services_given(environment: dict[str, str]) -> bool:
    return any(environment.get(name) for name in SERVICE_VARIABLES)


def read_env_file(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs if not name.startswith("#")}


def serve_env_write(path: Path, *, var_dir: Path, site_url: str) -> dict[str, str]:
    """Write ``path`` naming the embedded services under ``var_dir``; its values. The
    SECRET_KEY of an earlier run is kept (sessions and signed links stay valid)."""
    secret_key = read_env_file(path).get("SECRET_KEY") or secrets.token_urlsafe(50)
    redis_socket = var_dir.resolve() / "redis" / "redis.sock"
    values = {
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": LOOPBACK_HOSTS,
        "VAR_DIR": str(var_dir.resolve()),
        "DATABASE_URL": f"sqlite:///{var_dir.resolve() / 'db.sqlite3'}",
        "REDIS_URL": f"unix://{redis_socket}?db=0",
        "REDIS_STORE_URL": f"unix://{redis_socket}?db=2",
        "CELERY_BROKER_URL": f"redis+socket://{redis_socket}?virtual_host=1",
        # plain HTTP on loopback: no redirect to HTTPS, cookies sent without TLS, no HSTS
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SITE_URL": site_url.rstrip("/"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Written by `make serve` (freshsite/serve.py): this machine's embedded services.\n"
    path.write_text(header + "".join(f"{name}={value}\n" for name, value in values.items()))
    path.chmod(0o600)  # it holds the SECRET_KEY
    return values


def prepare(env: dict[str, str], *, demo: bool) -> None:
    """The database, static files, (the demo catalog,) the published pages."""
    steps = [["migrate", "--noinput"], ["collectstatic", "--noinput", "-v0"]]
    if demo:
        admin = [env.get("ADMIN_USER", "admin"), env.get("ADMIN_PASSWORD", "fresh-admin-2026")]
        steps += [
            ["seed_demo", "--admin-username", admin[0], "--admin-password", admin[1]],
            ["rebuild_index", "--noinput"],
        ]
    steps.append(["publish_snapshots"])
    for step in steps:
        say(f"manage.py {' '.join(step)}")
        subprocess.run([sys.executable, "manage.py", *step], cwd=BASE_DIR, env=env, check=True)


def serve() -> int:
    import environ

    from freshsite import embedded_redis

    environ.Env.read_env(BASE_DIR / ".env")  # as the settings read it: the environment wins
    env = dict(os.environ)
    port = ADDRESS.rsplit(":", 1)[1]
    url = f"http://{ADDRESS}/"
    demo = not services_given(env)
    if demo:
        env.update(
            serve_env_write(
                BASE_DIR / "var" / "serve.env", var_dir=BASE_DIR / "var" / "serve", site_url=url
            )
        )
        embedded_redis.ensure_server(Path(env["VAR_DIR"]) / "redis")
    env["DJANGO_SETTINGS_MODULE"] = "freshsite.settings.production"
    env["NUM_TRUSTED_PROXIES"] = "1"  # nginx, and only nginx, is in front of the app
    var_dir = Path(env.get("VAR_DIR") or BASE_DIR / "var")
    prepare(env, demo=demo)
    app_address = env.get("SERVE_APP_ADDRESS", f"127.0.0.1:{int(port) + 1}")
    supervisor = stack_supervisor(
        env=env, var_dir=var_dir, address=ADDRESS, app_address=app_address
    )
    print(
        f"\n  天天生鲜 (production stack) is on {url}\n  nginx -> Granian {app_address}, "
        "one Celery worker, one beat; Ctrl-C stops everything\n",
        flush=True,
    )
    try:
        return supervise(supervisor)
    finally:
        if demo:
            embedded_redis.stop_server(Path(env["VAR_DIR"]) / "redis")


def main(argv: list[str]) -> int:
    if argv[:1] == ["nginx-config"]:  # nginx_config_render_for: under the caller's settings
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freshsite.settings.production")
        django.setup()
        prefix, listen, app = argv[1:4]
        nginx_config_write(prefix=Path(prefix), listen=listen, app=app)
        return 0
    return serve()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``make run``: the web server and a Celery worker (with beat) side by side.

Both children share the embedded Redis (started by whichever imports the settings first). Ctrl-C
stops both; if either dies, the other is stopped too, so a half-running shop is never left.
"""

import os
import signal
import subprocess
import sys
import time

ADDRESS = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freshsite.settings.dev")
    python = sys.executable
    var_dir = os.environ.get("VAR_DIR", os.path.join(os.getcwd(), "var"))
    os.makedirs(var_dir, exist_ok=True)
    children = [
        subprocess.Popen([python, "manage.py", "runserver", ADDRESS, "--noreload"]),
        subprocess.Popen(
            [
                python,
                "-m",
                "celery",
                "-A",
                "freshsite",
                "worker",
                "--beat",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--schedule",
                os.path.join(var_dir, "celerybeat-schedule"),
            ]
        ),
    ]

    def stop(*_args) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
    return max((child.returncode or 0) for child in children)


if __name__ == "__main__":
    sys.exit(main())

"""Edit to live: how long after an editor's commit nginx serves the new bytes.

An editor's change is made the way the admin makes it (the ORM, ``save()`` in a transaction) by
a process of its own, with the stack's Celery worker running; this process polls the page
through nginx until the new name is in it. The time is from the commit to the first answer
that carries the change.
"""

from __future__ import annotations

import statistics
import subprocess
import time
import urllib.request

from common import PYTHON, ROOT

RENAME = r"""
import time
from django.db import transaction
from catalog.models import GoodsSKU
with transaction.atomic():
    sku = GoodsSKU.objects.get(pk={sku_id})
    sku.name = {name!r}
    sku.save()
print("COMMITTED", repr(time.time()))
"""
POLL_SECONDS = 0.02
GIVE_UP_SECONDS = 60


def _page_has(url: str, text: bytes) -> bool:
    request = urllib.request.Request(url, headers={"Cache-Control": "no-cache"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return text in response.read()
    except OSError:
        return False


def edit_to_live(env: dict[str, str], base_url: str, *, sku_id: int, round_number: int) -> float:
    """Seconds from the rename's commit to nginx serving the goods page with the new name."""
    name = f"改名测试 {round_number} {time.time():.0f}"
    editor = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", RENAME.format(sku_id=sku_id, name=name)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    url, wanted = f"{base_url}/goods/{sku_id}/", name.encode()
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while not _page_has(url, wanted):
        if time.monotonic() > deadline:
            editor.communicate(timeout=60)
            return float(GIVE_UP_SECONDS)
        time.sleep(POLL_SECONDS)
    seen = time.time()
    output, _ = editor.communicate(timeout=60)
    committed = float(output.rsplit("COMMITTED", 1)[1].strip())
    return seen - committed


def edit_to_live_median(env: dict[str, str], base_url: str, *, sku_id: int, rounds: int) -> dict:
    times = [
        edit_to_live(env, base_url, sku_id=sku_id, round_number=number) for number in range(rounds)
    ]
    return {"median": statistics.median(times), "times": times}

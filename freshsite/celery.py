"""The Celery application. Each app's tasks live in its ``tasks.py`` (found by autodiscovery):
accounts mails activation links and password resets and sweeps unsent activations; catalog
sweeps media files no row names; search updates the index; shop cancels orders left unpaid,
asks the gateway about unpaid ones, closes trades, refunds and mails order news; snapshots
publishes pages. Beat's schedule is ``CELERY_BEAT_SCHEDULE`` in the settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freshsite.settings.dev")

app = Celery("freshsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

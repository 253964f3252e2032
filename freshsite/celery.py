"""The Celery application: mail, homepage snapshots, search index updates, scheduled jobs."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "freshsite.settings.dev")

app = Celery("freshsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

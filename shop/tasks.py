"""Celery tasks of the shop: thin wrappers around services."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task
def orders_cancel_unpaid_task() -> int:
    return services.orders_cancel_unpaid(older_than_minutes=settings.ORDER_UNPAID_MINUTES)

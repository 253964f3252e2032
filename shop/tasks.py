"""Celery tasks of the shop: thin wrappers around services, retried while a gateway or the
mail server cannot be reached (each service is safe to run again)."""

from smtplib import SMTPException

from celery import shared_task

from . import services
from .gateways import GatewayError

GATEWAY_RETRY = {
    "autoretry_for": (GatewayError, OSError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "max_retries": 20,
}


@shared_task
def orders_cancel_unpaid_task() -> int:
    return services.orders_cancel_unpaid()


@shared_task
def payments_reconcile_task() -> dict:
    return services.payments_reconcile()


@shared_task(**GATEWAY_RETRY)
def trade_close_task(*, order_id: str) -> str:
    return services.trade_close(order_id=order_id)


@shared_task(**GATEWAY_RETRY)
def refund_execute_task(*, refund_no: str) -> str:
    return services.refund_execute(refund_no=refund_no)


@shared_task(**GATEWAY_RETRY)
def sandbox_notify_task(*, out_trade_no: str) -> None:
    """The sandbox gateway's server-to-server notification, retried as Alipay retries."""
    from .gateways.sandbox import sandbox_notification_send

    sandbox_notification_send(out_trade_no=out_trade_no)


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=12,
)
def order_mail_task(*, order_id: str, kind: str, refund_no: str = "") -> None:
    from .services.mails import order_mail_send

    order_mail_send(order_id=order_id, kind=kind, refund_no=refund_no)


@shared_task
def delivery_slots_ensure_task() -> int:
    """The next days' delivery slots, created where missing (hourly, so a fresh deployment has
    them within the hour; seed_demo creates them at once)."""
    return services.delivery_slots_ensure()

"""Celery tasks of the accounts app: thin wrappers that load by id and call a service."""

from smtplib import SMTPException

from celery import shared_task

from . import restock, services


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=12,
)
def activation_mail_send_task(*, user_id: int, force: bool = False) -> bool:
    return services.activation_mail_send(user_id=user_id, force=force)


@shared_task
def activation_mail_sweep_task() -> int:
    return services.activation_mail_sweep()


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=12,
)
def mail_send_task(*, subject: str, to: list[str], text_body: str, html_body: str = "") -> None:
    services.mail_send(subject=subject, to=to, text_body=text_body, html_body=html_body)


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=12,
)
def restock_alerts_send_task(*, sku_id: int) -> int:
    """Mail the shoppers waiting for ``sku_id`` that it is back (each once; see
    ``restock.restock_alerts_send``): queued when its stock changed and shoppers wait for it."""
    return restock.restock_alerts_send(sku_id=sku_id)

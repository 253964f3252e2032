"""Writes of the accounts app: registration, activation, addresses, history."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from freshsite.queue import enqueue_on_commit
from freshsite.store import store_redis

from .exceptions import ActivationLinkInvalid, AlreadyActivated, UsernameTaken
from .models import Address, User
from .redis_keys import browsing_history_key
from .tokens import activation_token_make, activation_token_read

RESEND_INTERVAL_SECONDS = 120


# --- Mail ------------------------------------------------------------------------------------
def mail_send(*, subject: str, to: list[str], text_body: str, html_body: str = "") -> None:
    message = EmailMultiAlternatives(subject=subject, body=text_body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


# --- Registration and activation -------------------------------------------------------------
def user_register(*, username: str, email: str, password: str) -> User:
    """Create an inactive account and queue its activation mail.

    The database decides who gets a name: its unique indexes on ``username`` and on
    ``username_lower`` let exactly one of ``bobby``, ``Bobby`` and ``BOBBY`` in, however many
    sign up at once, and the others get ``UsernameTaken``.
    """
    from .tasks import activation_mail_send_task

    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, email=email, password=password, is_active=False
            )
            enqueue_on_commit(activation_mail_send_task, user_id=user.pk)
    except IntegrityError as exc:
        if not User.objects.filter(username__iexact=username).exists():
            raise  # some other constraint: not the shopper's choice of name
        raise UsernameTaken from exc
    return user


def activation_mail_send(*, user_id: int, force: bool = False) -> bool:
    """Send the activation mail; returns False when there was nothing to send.

    Without ``force`` a mail already sent is not sent again, so a re-queued task (the sweep, a
    redelivered message) does not mail the shopper twice.
    """
    user = User.objects.filter(pk=user_id, is_active=False, last_login__isnull=True).first()
    if user is None or (user.activation_sent_at and not force):
        return False
    path = reverse("accounts:activate", args=[activation_token_make(user_id=user.pk)])
    context = {
        "user": user,
        "activation_url": settings.SITE_URL.rstrip("/") + path,
        "valid_hours": settings.ACCOUNT_ACTIVATION_MAX_AGE // 3600,
    }
    mail_send(
        subject=render_to_string("accounts/mail/activation_subject.txt", context).strip(),
        to=[user.email],
        text_body=render_to_string("accounts/mail/activation.txt", context),
        html_body=render_to_string("accounts/mail/activation.html", context),
    )
    User.objects.filter(pk=user.pk).update(activation_sent_at=timezone.now())
    return True


def activation_mail_resend(*, identifier: str) -> None:
    """Queue a new activation mail for the inactive account with this username or e-mail.

    Says nothing about whether such an account exists.
    """
    from .tasks import activation_mail_send_task

    identifier = identifier.strip()
    if not identifier:
        return
    users = User.objects.filter(
        Q(username__iexact=identifier) | Q(email__iexact=identifier),
        is_active=False,
        last_login__isnull=True,
    ).values_list("pk", flat=True)[:5]
    redis = store_redis()
    for user_id in users:
        # At most one resend per account every few minutes, so the form cannot flood an inbox.
        if redis.set(f"activation_resend:{user_id}", 1, ex=RESEND_INTERVAL_SECONDS, nx=True):
            enqueue_on_commit(activation_mail_send_task, user_id=user_id, force=True)


def activation_mail_sweep() -> int:
    """Queue activation mail for recent inactive accounts whose mail never went out."""
    from .tasks import activation_mail_send_task

    now = timezone.now()
    pending = User.objects.filter(
        is_active=False,
        last_login__isnull=True,
        activation_sent_at__isnull=True,
        date_joined__lt=now - timezone.timedelta(minutes=2),
        date_joined__gt=now - timezone.timedelta(seconds=settings.ACCOUNT_ACTIVATION_MAX_AGE),
    ).values_list("pk", flat=True)
    count = 0
    for user_id in pending:
        enqueue_on_commit(activation_mail_send_task, user_id=user_id)
        count += 1
    return count


def user_activate(*, token: str) -> User:
    user_id = activation_token_read(token=token)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None:
            raise ActivationLinkInvalid
        if user.is_active:
            raise AlreadyActivated
        if user.last_login is not None:
            # The account was used and then disabled by staff: an old link must not revive it.
            raise ActivationLinkInvalid
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


# --- Browsing history ------------------------------------------------------------------------
def browsing_history_record(*, user_id: int, sku_id: int) -> None:
    """Put ``sku_id`` first in the user's history, once, keeping the newest few."""
    key = browsing_history_key(user_id)
    pipe = store_redis().pipeline(transaction=True)
    pipe.lrem(key, 0, sku_id)
    pipe.lpush(key, sku_id)
    pipe.ltrim(key, 0, settings.BROWSING_HISTORY_SIZE - 1)
    pipe.execute()


# --- Addresses -------------------------------------------------------------------------------
def _lock_user(user: User) -> None:
    # Serialises address writes of one user, so "exactly one default" holds under concurrency.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk").get()


def address_create(
    *,
    user: User,
    receiver: str,
    address: str,
    phone: str,
    province: str = "",
    city: str = "",
    district: str = "",
    zip_code: str = "",
    is_default: bool = False,
) -> Address:
    with transaction.atomic():
        _lock_user(user)
        has_default = Address.objects.filter(user=user, is_default=True).exists()
        make_default = is_default or not has_default
        if make_default and has_default:
            Address.objects.filter(user=user, is_default=True).update(is_default=False)
        new_address = Address(
            user=user,
            receiver=receiver,
            province=province,
            city=city,
            district=district,
            address=address,
            zip_code=zip_code,
            phone=phone,
            is_default=make_default,
        )
        new_address.full_clean()
        new_address.save()
    return new_address


def address_update(
    *,
    user: User,
    address_id: int,
    receiver: str,
    address: str,
    phone: str,
    province: str = "",
    city: str = "",
    district: str = "",
    zip_code: str = "",
) -> Address:
    with transaction.atomic():
        _lock_user(user)
        existing = Address.objects.get(user=user, pk=address_id)
        existing.receiver, existing.address = receiver, address
        existing.province, existing.city, existing.district = province, city, district
        existing.zip_code, existing.phone = zip_code, phone
        existing.full_clean()
        existing.save()
    return existing


def address_set_default(*, user: User, address_id: int) -> Address:
    with transaction.atomic():
        _lock_user(user)
        chosen = Address.objects.get(user=user, pk=address_id)
        Address.objects.filter(user=user, is_default=True).exclude(pk=chosen.pk).update(
            is_default=False
        )
        if not chosen.is_default:
            chosen.is_default = True
            chosen.save(update_fields=["is_default"])
    return chosen


def address_delete(*, user: User, address_id: int) -> None:
    """Delete one address; if it was the default, the newest remaining one becomes default."""
    with transaction.atomic():
        _lock_user(user)
        doomed = Address.objects.get(user=user, pk=address_id)
        was_default = doomed.is_default
        doomed.delete()
        if was_default:
            successor = Address.objects.filter(user=user).order_by("-created_at", "-id").first()
            if successor is not None:
                successor.is_default = True
                successor.save(update_fields=["is_default"])


# --- Operators -------------------------------------------------------------------------------
def admin_user_ensure(*, username: str, password: str, email: str) -> tuple[User, bool]:
    """The demo admin account; an existing one keeps its password."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, False
    if not password:
        raise ValueError("a new admin account needs a password")
    user = User.objects.create_superuser(username=username, email=email, password=password)
    return user, True

"""Activation links: used once, refused when tampered with or too old, and re-sendable."""

import re
import time

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from itsdangerous import TimestampSigner

from accounts.models import User
from accounts.tokens import activation_token_make

from .factories import UserFactory

RESEND_URL = reverse("accounts:activation_resend")
NEUTRAL_TEXT = "如果该用户名或邮箱对应一个尚未激活的账户"


def activate_url(token: str) -> str:
    return reverse("accounts:activate", args=[token])


def tampered(token: str) -> str:
    """The token with the first character of its signature changed."""
    head, signature = token.rsplit(".", 1)
    first = "B" if signature[0] == "A" else "A"
    return f"{head}.{first}{signature[1:]}"


def user_state(user: User) -> tuple:
    user.refresh_from_db()
    return (user.is_active, user.last_login, user.activation_sent_at, user.password)


def has_resend_form(html: str) -> bool:
    form = BeautifulSoup(html, "html.parser").find("form", action=RESEND_URL)
    return form is not None and form.find("input", attrs={"name": "identifier"}) is not None


@pytest.mark.django_db
def test_valid_link_activates_once_then_says_already_used(client):
    user = UserFactory(is_active=False)
    url = activate_url(activation_token_make(user_id=user.pk))

    response = client.get(url)
    assert response.status_code == 200
    assert "账户已激活" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active
    before = user_state(user)

    response = client.get(url)
    assert response.status_code == 200
    assert "此链接已使用过" in response.content.decode()
    assert user_state(user) == before


@pytest.mark.django_db
def test_tampered_link_is_invalid_and_offers_the_resend_form(client):
    user = UserFactory(is_active=False)
    token = activation_token_make(user_id=user.pk)

    response = client.get(activate_url(tampered(token)))

    assert response.status_code == 400
    html = response.content.decode()
    assert "激活链接无效" in html
    assert has_resend_form(html)
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.django_db
def test_expired_link_is_refused(client, settings, monkeypatch):
    settings.ACCOUNT_ACTIVATION_MAX_AGE = 60 * 60
    user = UserFactory(is_active=False)
    two_hours_ago = int(time.time()) - 2 * 60 * 60
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda signer: two_hours_ago)
        token = activation_token_make(user_id=user.pk)

    response = client.get(activate_url(token))

    assert response.status_code == 400
    html = response.content.decode()
    assert "激活链接已过期" in html
    assert has_resend_form(html)
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.django_db
def test_old_link_cannot_revive_an_account_disabled_by_staff(client):
    user = UserFactory(is_active=False, last_login=timezone.now())
    before = user_state(user)

    response = client.get(activate_url(activation_token_make(user_id=user.pk)))

    assert response.status_code == 400
    assert "激活链接无效" in response.content.decode()
    assert user_state(user) == before


@pytest.mark.django_db
def test_link_of_a_deleted_account_is_invalid(client):
    user = UserFactory(is_active=False)
    token = activation_token_make(user_id=user.pk)
    user.delete()

    response = client.get(activate_url(token))

    assert response.status_code == 400
    assert "激活链接无效" in response.content.decode()


# --- Resending -------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("identifier", "queued"),
    [
        ("waiting", 1),  # inactive, by username
        ("WAITING@example.com", 1),  # inactive, by e-mail in another case
        ("active_one", 0),  # already active
        ("nobody", 0),  # no such account
        ("nobody@example.com", 0),
    ],
)
def test_resend_page_is_the_same_whether_or_not_the_account_exists(
    client, django_capture_on_commit_callbacks, identifier, queued
):
    UserFactory(username="waiting", email="waiting@example.com", is_active=False)
    UserFactory(username="active_one", is_active=True)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(RESEND_URL, {"identifier": identifier})

    assert response.status_code == 200
    html = response.content.decode()
    assert NEUTRAL_TEXT in html
    assert identifier not in html
    assert len(callbacks) == queued


@pytest.mark.django_db
def test_resend_is_limited_to_one_mail_every_few_minutes(
    client, django_capture_on_commit_callbacks
):
    UserFactory(username="waiting", is_active=False)
    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(3):
            assert client.post(RESEND_URL, {"identifier": "waiting"}).status_code == 200
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_resend_pages_for_a_real_and_a_made_up_account_are_identical(client):
    UserFactory(username="waiting", is_active=False)

    real = client.post(RESEND_URL, {"identifier": "waiting"})
    made_up = client.post(RESEND_URL, {"identifier": "made_up"})

    assert real.status_code == made_up.status_code == 200
    assert real.content == made_up.content


@pytest.mark.django_db(transaction=True)
def test_resend_mails_a_fresh_link_even_after_an_earlier_mail(client, celery_worker, wait_for):
    user = UserFactory(
        username="waiting",
        email="waiting@example.com",
        is_active=False,
        activation_sent_at=timezone.now() - timezone.timedelta(hours=1),
    )

    response = client.post(RESEND_URL, {"identifier": "waiting@example.com"})
    assert NEUTRAL_TEXT in response.content.decode()

    wait_for(lambda: len(mail.outbox) == 1)
    message = mail.outbox[0]
    assert message.to == ["waiting@example.com"]
    path = re.search(r"https?://[^/\s]+(/accounts/activate/[^/\s]+/)", message.body).group(1)
    response = client.get(path)
    assert "账户已激活" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active

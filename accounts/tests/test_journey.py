"""The whole way in: register → activation mail (sent by a real worker) → activate → log in."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

from .factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def activation_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/activate/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_register_activate_login_user_center(client, celery_worker, wait_for):
    response = client.post(
        reverse("accounts:register"),
        {
            "username": "fresh_fan",
            "password": PASSWORD,
            "password2": PASSWORD,
            "email": "fan@example.com",
            "allow": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_done")
    user = User.objects.get(username="fresh_fan")
    assert not user.is_active

    # Before activation the account cannot log in, and says why.
    response = client.post(
        reverse("accounts:login"), {"username": "fresh_fan", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "请先激活您的账户" in response.content.decode()

    wait_for(lambda: len(mail.outbox) == 1)
    message = mail.outbox[0]
    assert message.to == ["fan@example.com"]
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    path = activation_path(message)

    response = client.get(path)
    assert response.status_code == 200
    assert "账户已激活" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.activation_sent_at is not None

    response = client.post(
        reverse("accounts:login"),
        {"username": "fresh_fan", "password": PASSWORD, "next": reverse("accounts:user_center")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_center")
    page = client.get(reverse("accounts:user_center")).content.decode()
    assert "fresh_fan" in page and "fan@example.com" in page
    # The header's script learns who is logged in from /session/ (pages carry no name).
    assert client.get("/session/").json()["user"] == {"username": "fresh_fan"}


def test_registration_survives_a_stopped_worker(client, mailoutbox):
    """No worker: the message waits in the broker; the account exists and says so."""
    response = client.post(
        reverse("accounts:register"),
        {
            "username": "patient",
            "password": PASSWORD,
            "password2": PASSWORD,
            "email": "patient@example.com",
            "allow": "on",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username="patient", is_active=False).exists()
    assert mailoutbox == []

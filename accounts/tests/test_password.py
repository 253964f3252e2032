"""Passwords: reset by a mailed link (sent by a real worker) and change while logged in."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from .factories import PASSWORD, UserFactory

RESET_URL = reverse("accounts:password_reset")
NEW_PASSWORD = "Brand-new-pass-2026"


def log_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.django_db(transaction=True)
def test_reset_link_from_the_mail_sets_a_new_password(client, celery_worker, wait_for):
    UserFactory(username="forgetful", email="forgetful@example.com")

    response = client.post(RESET_URL, {"email": "Forgetful@Example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")

    wait_for(lambda: len(mail.outbox) == 1)
    message = mail.outbox[0]
    assert message.to == ["forgetful@example.com"]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert link, message.body

    # Django swaps the token for a session key and redirects to the form.
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")

    assert log_in(client, "forgetful", PASSWORD).status_code == 200
    assert log_in(client, "forgetful", NEW_PASSWORD).status_code == 302
    # The link is spent.
    client.post(reverse("accounts:logout"))
    assert not client.get(link.group(1), follow=True).context["validlink"]


@pytest.mark.django_db(transaction=True)
def test_reset_link_comes_from_site_url_not_from_the_host_header(
    client, celery_worker, wait_for, settings
):
    """A forged Host must not put a real reset token into a link to the forger's site."""
    settings.SITE_URL = "https://shop.example:8443"
    UserFactory(username="targeted", email="targeted@example.com")

    response = client.post(RESET_URL, {"email": "targeted@example.com"}, HTTP_HOST="evil.example")
    assert response.status_code == 302

    message = wait_for(lambda: mail.outbox and mail.outbox[0])
    html_body = message.alternatives[0][0]
    for body in (message.body, html_body):
        assert "evil.example" not in body
        links = re.findall(r"\w+://[^\s\"<]+", body)
        assert links and all(
            re.fullmatch(r"https://shop\.example:8443/accounts/password/reset/[^/]+/[^/]+/", link)
            for link in links
        ), links


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "queued"),
    [("nobody@example.com", 0), ("sleepy@example.com", 0), ("member@example.com", 1)],
    ids=["unknown", "inactive", "known"],
)
def test_reset_page_is_the_same_for_unknown_addresses(
    client, django_capture_on_commit_callbacks, email, queued
):
    UserFactory(email="member@example.com")
    UserFactory(email="sleepy@example.com", is_active=False)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(RESET_URL, {"email": email})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(callbacks) == queued
    assert mail.outbox == []  # nothing is sent inline, only queued


@pytest.mark.django_db
def test_password_change_keeps_the_shopper_logged_in(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:user_center")).status_code == 200


@pytest.mark.django_db
def test_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].has_error("old_password")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

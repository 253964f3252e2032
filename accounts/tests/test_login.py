"""Logging in and out: messages that reveal nothing, sessions, redirects and throttling."""

import time

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.redis_keys import login_failures_by_username_key

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
ADMIN_LOGIN_URL = "/admin/login/"
RESEND_HINT = "没有收到激活邮件？重新发送"
THROTTLED = "登录失败次数过多"


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    for _ in range(times):
        response = log_in(client, username, "wrong-password", **extra)
        assert response.status_code == 200


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Messages --------------------------------------------------------------------------------
@pytest.mark.parametrize("username", ["alice", "nobody"], ids=["wrong-password", "unknown-user"])
def test_failed_login_shows_one_generic_message(client, username):
    UserFactory(username="alice")

    response = log_in(client, username, "wrong-password")

    assert response.status_code == 200
    html = response.content.decode()
    assert "用户名或密码错误" in html
    assert RESEND_HINT not in html
    assert not is_logged_in(client)


def test_inactive_account_with_the_right_password_is_asked_to_activate(client):
    UserFactory(username="sleepy", is_active=False)

    response = log_in(client, "sleepy")

    assert response.status_code == 200
    html = response.content.decode()
    assert "请先激活您的账户" in html
    assert f'<a href="{reverse("accounts:activation_resend")}">{RESEND_HINT}</a>' in html
    assert not is_logged_in(client)


def test_inactive_account_with_a_wrong_password_gets_the_generic_message(client):
    UserFactory(username="sleepy", is_active=False)

    html = log_in(client, "sleepy", "wrong-password").content.decode()

    assert "用户名或密码错误" in html and "请先激活您的账户" not in html


# --- Session length and redirects ------------------------------------------------------------
def test_without_remember_the_session_ends_with_the_browser(client):
    UserFactory(username="alice")

    response = log_in(client, "alice")

    assert response.status_code == 302
    assert is_logged_in(client)
    assert client.session.get_expire_at_browser_close()
    assert response.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"] == ""


def test_remember_keeps_the_session_for_two_weeks(client):
    UserFactory(username="alice")

    response = client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD, "remember": "on"})

    assert response.status_code == 302
    assert not client.session.get_expire_at_browser_close()
    two_weeks = 14 * 24 * 60 * 60
    assert two_weeks - 60 < client.session.get_expiry_age() <= two_weeks
    max_age = response.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"]
    assert two_weeks - 60 < int(max_age) <= two_weeks


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/accounts/addresses/", "/accounts/addresses/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
    ],
)
def test_next_is_followed_only_within_the_site(client, next_url, expected):
    UserFactory(username="alice")

    response = client.post(LOGIN_URL, {"username": "alice", "password": PASSWORD, "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == expected


def test_logout_needs_a_post(client):
    user = UserFactory()
    client.force_login(user)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert is_logged_in(client)

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not is_logged_in(client)
    assert client.get(reverse("accounts:user_center")).status_code == 302


# --- Throttling ------------------------------------------------------------------------------
def test_too_many_failures_lock_the_username_even_with_the_right_password(client, settings):
    UserFactory(username="alice")
    fail(client, "alice", settings.LOGIN_FAILURE_LIMIT_PER_USERNAME)

    response = log_in(client, "alice")

    assert response.status_code == 429
    assert THROTTLED in response.content.decode()
    assert not is_logged_in(client)
    # The name is locked however it is spelt, and from any address.
    assert log_in(client, "ALICE", REMOTE_ADDR="198.51.100.9").status_code == 429


def test_the_lock_lifts_after_the_window(client, settings):
    settings.LOGIN_FAILURE_WINDOW = 1
    UserFactory(username="alice")
    fail(client, "alice", settings.LOGIN_FAILURE_LIMIT_PER_USERNAME)
    assert log_in(client, "alice").status_code == 429

    time.sleep(1.2)

    assert log_in(client, "alice").status_code == 302
    assert is_logged_in(client)


def test_too_many_failures_from_one_address_lock_every_username(client, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 4
    UserFactory(username="alice")
    attacker = {"REMOTE_ADDR": "203.0.113.7"}
    for n in range(settings.LOGIN_FAILURE_LIMIT_PER_IP):
        fail(client, f"guess_{n}", 1, **attacker)

    response = log_in(client, "alice", **attacker)
    assert response.status_code == 429
    assert THROTTLED in response.content.decode()
    # A forged X-Forwarded-For does not get round it (no proxy is trusted by default).
    forged = {**attacker, "HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    assert log_in(client, "alice", **forged).status_code == 429

    assert log_in(client, "alice", REMOTE_ADDR="198.51.100.9").status_code == 302


def test_wagtail_admin_login_shares_the_throttle(client, settings):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    for _ in range(settings.LOGIN_FAILURE_LIMIT_PER_USERNAME):
        response = client.post(ADMIN_LOGIN_URL, {"username": "boss", "password": "wrong"})
        assert response.status_code == 200

    response = client.post(ADMIN_LOGIN_URL, {"username": "boss", "password": PASSWORD})

    assert response.status_code == 200  # the form again, not the dashboard
    assert not is_logged_in(client)
    assert log_in(client, "boss").status_code == 429  # the shop's form counts the same


def test_admin_login_works_when_not_throttled(client):
    UserFactory(username="boss", is_staff=True, is_superuser=True)

    response = client.post(ADMIN_LOGIN_URL, {"username": "boss", "password": PASSWORD})

    assert response.status_code == 302
    assert is_logged_in(client)


def test_successful_login_clears_the_username_counter(client, settings, redis_flushed):
    limit = settings.LOGIN_FAILURE_LIMIT_PER_USERNAME
    UserFactory(username="alice")
    fail(client, "alice", limit - 1)
    assert int(redis_flushed.get(login_failures_by_username_key("alice"))) == limit - 1

    assert log_in(client, "alice").status_code == 302
    assert not redis_flushed.exists(login_failures_by_username_key("alice"))

    client.post(reverse("accounts:logout"))
    fail(client, "alice", limit - 1)
    assert log_in(client, "alice").status_code == 302

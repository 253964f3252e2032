"""Logging in and out: messages that reveal nothing, sessions, redirects and throttling."""

from datetime import timedelta

import pytest
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.views import login_lockout

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
ADMIN_LOGIN_URL = "/admin/login/"
RESEND_HINT = "没有收到激活邮件？重新发送"
LOCKED_OUT = "登录失败次数过多，请 15 分钟后再试。"
WRONG_PASSWORD = "用户名或密码错误"
ADDRESS_A = {"REMOTE_ADDR": "203.0.113.7"}
ADDRESS_B = {"REMOTE_ADDR": "198.51.100.9"}


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    """``times`` wrong passwords, none of them reaching a lockout."""
    for _ in range(times):
        response = log_in(client, username, "wrong-password", **extra)
        assert response.status_code == 200
        assert WRONG_PASSWORD in response.content.decode()


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


# --- Throttling (django-axes) ---------------------------------------------------------------
def lock_out(client, username, **extra):
    """Four wrong passwords answered as such, then the fifth locks the pair out."""
    fail(client, username, django_settings.AXES_FAILURE_LIMIT - 1, **extra)
    response = log_in(client, username, "wrong-password", **extra)
    assert response.status_code == 429
    return response


def assert_locked_out_page(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_OUT in html
    assert WRONG_PASSWORD not in html


def test_five_failures_lock_the_pair_even_with_the_right_password(client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    UserFactory(username="bob")

    assert_locked_out_page(lock_out(client, "bob", **ADDRESS_A))

    response = log_in(client, "bob", **ADDRESS_A)
    assert_locked_out_page(response)
    # the lockout is the login form's own error, the form still there to try again later
    assert f'<p class="form-error" role="alert">{LOCKED_OUT}</p>' in response.content.decode()
    assert 'name="username"' in response.content.decode()
    assert not is_logged_in(client)
    # the name is one account however it is spelt
    assert log_in(client, "BOB", **ADDRESS_A).status_code == 429


def test_the_lock_holds_one_username_from_one_address_only(client):
    UserFactory(username="bob")
    UserFactory(username="alice")
    lock_out(client, "bob", **ADDRESS_A)

    assert log_in(client, "alice", **ADDRESS_A).status_code == 302
    client.post(reverse("accounts:logout"))
    assert log_in(client, "bob", **ADDRESS_B).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_lock(client):
    UserFactory(username="bob")
    lock_out(client, "bob", **ADDRESS_A)

    # no proxy is trusted by default: the header is the client's own invention
    forged = {**ADDRESS_A, "HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    assert log_in(client, "bob", **forged).status_code == 429


def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_apart(client, settings):
    settings.NUM_TRUSTED_PROXIES = 1
    UserFactory(username="bob")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    lock_out(client, "bob", **proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    assert log_in(client, "bob", **proxy, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, settings):
    UserFactory(username="bob")
    fail(client, "bob", settings.AXES_FAILURE_LIMIT - 1, **ADDRESS_A)

    assert log_in(client, "bob", **ADDRESS_A).status_code == 302
    assert not AccessAttempt.objects.exists()

    client.post(reverse("accounts:logout"))
    fail(client, "bob", settings.AXES_FAILURE_LIMIT - 1, **ADDRESS_A)
    assert log_in(client, "bob", **ADDRESS_A).status_code == 302


def test_the_lock_lifts_fifteen_minutes_after_the_locking_failure(client):
    UserFactory(username="bob")
    lock_out(client, "bob", **ADDRESS_A)

    def minutes_pass(minutes):
        # the lock runs from the stored time of the pair's last counted failure
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))

    minutes_pass(14)
    assert log_in(client, "bob", **ADDRESS_A).status_code == 429
    # that try, made while locked out, did not restart the fifteen minutes
    minutes_pass(1.01)
    assert log_in(client, "bob", **ADDRESS_A).status_code == 302
    assert is_logged_in(client)


def test_a_whole_address_is_locked_only_at_its_own_higher_count(client, settings):
    """A NAT hides many shoppers: one guesser's failures must not lock the others out early."""
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 100
    UserFactory(username="alice")
    # 92 recent failures from the address, 4 for each of 23 names, stored as axes stores them
    AccessAttempt.objects.bulk_create(
        AccessAttempt(
            username=f"guess_{n}",
            ip_address=ADDRESS_A["REMOTE_ADDR"],
            user_agent="<unknown>",
            failures_since_start=4,
            attempt_time=timezone.now(),
        )
        for n in range(23)
    )
    fail(client, "guess_a", 4, **ADDRESS_A)
    fail(client, "guess_b", 3, **ADDRESS_A)  # 99

    assert log_in(client, "alice", **ADDRESS_A).status_code == 302  # the old limit was 20
    client.post(reverse("accounts:logout"))

    assert_locked_out_page(log_in(client, "guess_more", "wrong-password", **ADDRESS_A))  # 100
    assert_locked_out_page(log_in(client, "alice", **ADDRESS_A))
    assert log_in(client, "alice", **ADDRESS_B).status_code == 302


def test_the_wagtail_admin_login_shows_the_lockout_too(client, settings):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(ADMIN_LOGIN_URL, {"username": "boss", "password": "wrong"})
        assert response.status_code == 200
        assert LOCKED_OUT not in response.content.decode()

    locking = client.post(ADMIN_LOGIN_URL, {"username": "boss", "password": "wrong"})
    after = client.post(ADMIN_LOGIN_URL, {"username": "boss", "password": PASSWORD})

    for response in (locking, after):
        assert response.status_code == 429
        assert LOCKED_OUT in response.content.decode()  # in the admin's own login page
        assert 'name="password"' in response.content.decode()
    assert not is_logged_in(client)
    assert log_in(client, "boss").status_code == 429  # the shop's form counts the same


def test_admin_login_works_when_not_throttled(client):
    UserFactory(username="boss", is_staff=True, is_superuser=True)

    response = client.post(ADMIN_LOGIN_URL, {"username": "boss", "password": PASSWORD})

    assert response.status_code == 302
    assert is_logged_in(client)


def test_failures_are_counted_in_the_database(client, settings):
    """The database handler: throttling needs no Redis, so it holds while Redis is down."""
    assert issubclass(import_string(settings.AXES_HANDLER), AxesDatabaseHandler)
    assert isinstance(AxesProxyHandler.get_implementation(), AxesDatabaseHandler)
    UserFactory(username="bob")

    fail(client, "Bob", 2, **ADDRESS_A)

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "bob",
        "203.0.113.7",
        2,
    )


def test_throttling_decides_without_redis(settings):
    """Every Redis alias points at a port nobody listens on: authenticate() still locks."""
    UserFactory(username="bob")
    nowhere = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        alias: {**config, "LOCATION": nowhere} for alias, config in settings.CACHES.items()
    }

    def attempt(password):
        request = RequestFactory().post(LOGIN_URL, REMOTE_ADDR="203.0.113.7")
        return request, authenticate(request, username="bob", password=password)

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        request, user = attempt("wrong-password")
        assert user is None and not request.axes_locked_out
    request, user = attempt("wrong-password")
    assert user is None and request.axes_locked_out
    request, user = attempt(PASSWORD)
    assert user is None and request.axes_locked_out


def test_a_lockout_outside_the_login_forms_gets_a_page_of_its_own(rf):
    request = rf.post("/elsewhere/")
    request.user = AnonymousUser()

    response = login_lockout(request, None, None)

    assert_locked_out_page(response)

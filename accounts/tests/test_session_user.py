"""A deactivation, a deletion or a new password ends the user's sessions on their next request,
whichever path made the change: the shop, the Wagtail admin's forms and bulk actions (which
write with ``update()`` and send no signal), or code saving the user."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CENTER_URL = reverse("accounts:user_center")
NEW_PASSWORD = "A-brand-new-pass-2026"


@pytest.fixture
def shopper():
    return UserFactory(first_name="Shop", last_name="Per")


@pytest.fixture
def shopper_browser(shopper):
    """A browser logged in as ``shopper`` that has already been served a page."""
    browser = Client()
    browser.force_login(shopper)
    assert browser.get(CENTER_URL).status_code == 200
    return browser


@pytest.fixture
def admin_browser():
    browser = Client()
    browser.force_login(UserFactory(is_staff=True, is_superuser=True))
    return browser


def assert_logged_out(browser) -> None:
    response = browser.get(CENTER_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def bulk_action_url(action: str, user: User) -> str:
    url = reverse("wagtail_bulk_action", args=("accounts", "user", action))
    return f"{url}?id={user.pk}"


def admin_edit(admin_browser, user: User, **changes) -> None:
    """Submit Wagtail's user edit form with the user's values and ``changes``."""
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "password1": "",
        "password2": "",
    }
    data.update(changes)
    data = {name: value for name, value in data.items() if value is not None}
    response = admin_browser.post(reverse("wagtailusers_users:edit", args=[user.pk]), data)
    assert response.status_code == 302, response.context["form"].errors


# --- The Wagtail admin -----------------------------------------------------------------------
def test_admin_bulk_deactivation_logs_the_user_out(shopper, shopper_browser, admin_browser):
    response = admin_browser.post(
        bulk_action_url("set_active_state", shopper), {"mark_as_active": "False"}
    )

    assert response.status_code == 302
    assert not User.objects.get(pk=shopper.pk).is_active
    assert_logged_out(shopper_browser)


def test_admin_bulk_delete_logs_the_user_out(shopper, shopper_browser, admin_browser):
    response = admin_browser.post(bulk_action_url("delete", shopper))

    assert response.status_code == 302
    assert not User.objects.filter(pk=shopper.pk).exists()
    assert_logged_out(shopper_browser)


def test_admin_edit_form_unticking_active_logs_the_user_out(
    shopper, shopper_browser, admin_browser
):
    admin_edit(admin_browser, shopper, is_active=None)

    assert not User.objects.get(pk=shopper.pk).is_active
    assert_logged_out(shopper_browser)


def test_admin_edit_form_setting_a_password_logs_the_user_out(
    shopper, shopper_browser, admin_browser
):
    admin_edit(admin_browser, shopper, password1=NEW_PASSWORD, password2=NEW_PASSWORD)

    assert User.objects.get(pk=shopper.pk).check_password(NEW_PASSWORD)
    assert_logged_out(shopper_browser)


# --- Code and the shop -----------------------------------------------------------------------
def test_an_update_that_sends_no_signal_still_logs_the_user_out(shopper, shopper_browser):
    User.objects.filter(pk=shopper.pk).update(is_active=False)

    assert_logged_out(shopper_browser)


def test_a_deactivated_user_is_logged_out_at_once(shopper, shopper_browser):
    shopper.is_active = False
    shopper.save()

    assert_logged_out(shopper_browser)


def test_a_deleted_user_is_logged_out_at_once(shopper, shopper_browser):
    shopper.delete()

    assert_logged_out(shopper_browser)


def test_set_password_and_save_ends_every_session(shopper, shopper_browser):
    shopper.set_password(NEW_PASSWORD)
    shopper.save()

    assert_logged_out(shopper_browser)


def test_the_shops_password_change_ends_the_other_sessions_only(shopper, shopper_browser):
    this_browser = Client()
    this_browser.force_login(shopper)

    response = this_browser.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert this_browser.get(CENTER_URL).status_code == 200
    assert_logged_out(shopper_browser)


def test_logging_in_still_checks_the_password(client, shopper):
    response = client.post(
        reverse("accounts:login"), {"username": shopper.username, "password": "not-it"}
    )
    assert response.status_code == 200
    assert client.get(CENTER_URL).status_code == 302

    response = client.post(
        reverse("accounts:login"), {"username": shopper.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(CENTER_URL).context["user"].pk == shopper.pk

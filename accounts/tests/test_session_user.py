"""The user of a session comes from the cache, and never outlives a change to the user."""

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.redis_keys import session_user_cache_key

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CENTER_URL = reverse("accounts:user_center")


def user_queries(context: CaptureQueriesContext) -> list[str]:
    # quoted with " on SQLite and ` on MySQL; accounts_user_groups etc. do not match
    from_users = re.compile(r"FROM [`\"]accounts_user[`\"]")
    return [q["sql"] for q in context.captured_queries if from_users.search(q["sql"])]


def test_a_logged_in_request_reads_its_user_from_the_cache(client):
    user = UserFactory()
    client.force_login(user)
    with CaptureQueriesContext(connection) as first:
        client.get(CENTER_URL)  # the first request loads and caches the user
    assert len(user_queries(first)) == 1

    with CaptureQueriesContext(connection) as queries:
        response = client.get(CENTER_URL)

    assert response.status_code == 200
    assert response.context["user"].pk == user.pk
    assert user_queries(queries) == []


def test_saving_the_user_drops_the_cached_copy(client):
    user = UserFactory(first_name="old")
    client.force_login(user)
    client.get(CENTER_URL)
    assert cache.get(session_user_cache_key(user.pk)).first_name == "old"

    user.first_name = "new"
    user.save()

    assert cache.get(session_user_cache_key(user.pk)) is None
    assert client.get(CENTER_URL).context["user"].first_name == "new"


def test_a_deactivated_user_is_logged_out_at_once(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(CENTER_URL).status_code == 200

    user.is_active = False
    user.save()

    response = client.get(CENTER_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_deleted_user_is_logged_out_at_once(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(CENTER_URL).status_code == 200

    user.delete()

    assert cache.get(session_user_cache_key(user.pk)) is None
    assert client.get(CENTER_URL).status_code == 302


def test_a_new_password_ends_other_sessions_at_once():
    from django.test import Client

    user = UserFactory()
    other_browser = Client()
    other_browser.force_login(user)
    assert other_browser.get(CENTER_URL).status_code == 200  # cached with the old hash

    user.set_password("A-brand-new-pass-2026")
    user.save()

    assert other_browser.get(CENTER_URL).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_copy_cached_while_a_change_is_uncommitted_is_dropped_at_commit(client):
    """A request between the save and the commit must not keep the old row in the cache."""
    user = UserFactory(first_name="old")
    key = session_user_cache_key(user.pk)

    with transaction.atomic():
        user.first_name = "new"
        user.save()
        # what a concurrent request would do before this commit: cache the committed (old) row
        cache.set(key, UserFactory._meta.model(pk=user.pk, first_name="old"))

    assert cache.get(key) is None


def test_logging_in_still_checks_the_password(client):
    user = UserFactory()
    client.get(CENTER_URL)
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(CENTER_URL).context["user"].pk == user.pk

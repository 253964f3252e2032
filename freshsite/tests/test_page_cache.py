"""Anonymous catalog pages come from the cache until the catalog changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from catalog.tests.factories import SKUFactory, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.ANONYMOUS_PAGE_CACHE = True


def queries(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(captured), response


def test_second_anonymous_view_runs_no_sql_and_sets_the_csrf_cookie(client):
    sku = SKUFactory(category=make_category())
    for url in ("/", "/fruit/?sort=price", f"/goods/{sku.pk}/"):
        client.get(url)
        count, response = queries(client, url)
        assert count == 0, url
        assert "csrftoken" in response.cookies


def test_an_edit_shows_at_once(client):
    sku = SKUFactory(name="旧名字", category=make_category())
    assert "旧名字" in client.get("/fruit/").content.decode()
    sku.name = "新名字"
    sku.save()
    assert "新名字" in client.get("/fruit/").content.decode()


def test_logged_in_shoppers_and_odd_queries_are_never_served_from_it(client):
    SKUFactory(category=make_category())
    client.get("/fruit/?utm=1")
    count, _ = queries(client, "/fruit/?utm=1")
    assert count > 0
    client.force_login(UserFactory(username="someone"))
    client.get("/fruit/")
    count, response = queries(client, "/fruit/")
    assert count > 0 and "someone" in response.content.decode()


def test_equivalent_queries_share_an_entry_and_flash_messages_are_never_cached(client):
    SKUFactory(category=make_category())
    client.get("/fruit/?page=1")
    count, _ = queries(client, "/fruit/?page=01")
    assert count == 0
    client.cookies["messages"] = "pending"
    count, _ = queries(client, "/fruit/?page=1")
    assert count > 0


def test_an_uncached_page_sets_the_csrf_cookie_too(client, settings):
    settings.ANONYMOUS_PAGE_CACHE = False
    SKUFactory(category=make_category())
    assert "csrftoken" in client.get("/fruit/").cookies

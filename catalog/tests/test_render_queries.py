"""Each published page costs the same number of queries however big the catalog: rendered as the
publisher renders it (an anonymous GET, the view resolved and called, no middleware), a shop of
3 goods and one of 40 run the same queries for a list page and a detail page (the homepage:
home/tests/test_homepage_queries.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from wagtail.models import PageViewRestriction, Site

from catalog.tests.factories import GoodsImageFactory, SKUFactory, make_category

pytestmark = pytest.mark.django_db


def render(path: str, query: dict | None = None):
    request = RequestFactory().get(path, query or {})
    request.user = AnonymousUser()
    request.session = SessionStore()
    match = resolve(path)
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    return response


def queries(path: str, query: dict | None = None) -> int:
    render(path, query)  # pictures get their renditions made once, as on a first publish
    cache.clear()  # cold, as the publisher renders: nothing cached makes a page cheap
    with CaptureQueriesContext(connection) as captured:
        assert render(path, query).status_code == 200
    return len(captured)


def page_queries(first) -> dict[str, int]:
    return {
        "list page 1": queries("/fruit/"),
        "list last page": queries("/fruit/", {"page": "9999", "sort": "price"}),
        "detail": queries(f"/goods/{first.pk}/"),
    }


def test_each_page_runs_as_many_queries_for_3_goods_as_for_40(settings):
    settings.CATALOG_PAGE_SIZE = 15
    fruit = make_category("新鲜水果", "fruit")
    skus = [SKUFactory(category=fruit) for _ in range(3)]
    GoodsImageFactory(sku=skus[0])
    small = page_queries(skus[0])

    spu = skus[0].spu
    skus += [SKUFactory(category=fruit, spu=spu) for _ in range(37)]  # siblings of the first
    for _ in range(4):
        GoodsImageFactory(sku=skus[0])
    assert page_queries(skus[0]) == small


def test_a_restriction_on_the_homepage_still_guards_it_and_its_category_pages():
    make_category("新鲜水果", "fruit")
    SKUFactory()
    home = Site.objects.get(is_default_site=True).root_page
    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    for path in ("/", "/fruit/"):
        response = render(path)
        assert response.status_code == 302 and f"next={path}" in response["Location"]


def test_a_restriction_on_a_category_guards_it_alone():
    """The category's route loads its restrictions with it (``with_restricted``)."""
    fruit = make_category("新鲜水果", "fruit")
    make_category("海鲜水产", "seafood")
    SKUFactory(category=fruit)
    assert render("/fruit/").status_code == 200
    PageViewRestriction.objects.create(page=fruit, restriction_type=PageViewRestriction.LOGIN)
    response = render("/fruit/", {"sort": "price"})
    assert response.status_code == 302 and "next=/fruit/" in response["Location"]
    assert render("/seafood/").status_code == 200 and render("/").status_code == 200

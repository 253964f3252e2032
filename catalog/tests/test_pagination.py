"""A page asked past the end is the last page, and the list says which page it is."""

import pytest

from .factories import SKUFactory, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def fruit():
    return make_category("新鲜水果", "fruit")


def test_a_page_past_the_end_is_the_last_with_its_number_shown(client, fruit, settings):
    settings.CATALOG_PAGE_SIZE = 15
    SKUFactory.create_batch(16, category=fruit)

    response = client.get("/fruit/?page=9")

    html = response.content.decode()
    assert response.context["goods_page"].number == 2
    assert len(response.context["goods_page"].object_list) == 1
    assert '<li class="current" aria-current="page"><span>2</span></li>' in html
    assert "第 2 / 2 页" in html


def test_a_single_page_still_says_its_number(client, fruit):
    SKUFactory.create_batch(3, category=fruit)

    html = client.get("/fruit/?page=2").content.decode()

    assert "第 1 / 1 页" in html and 'aria-current="page"><span>1</span>' in html


def test_an_empty_list_shows_no_pages(client, fruit):
    assert "分页" not in client.get("/fruit/").content.decode()

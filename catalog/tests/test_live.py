"""GET /goods/live/?ids=…: the figures a published page's script fills in, for everyone alike."""

from decimal import Decimal

import pytest
from django.test import Client

from .factories import SKUFactory, make_category

pytestmark = pytest.mark.django_db

LIVE = "/goods/live/"


@pytest.fixture
def fruit():
    return make_category("新鲜水果", "fruit")


def test_figures_of_the_goods_asked_for_unknown_ids_left_out(fruit, django_assert_num_queries):
    selling = SKUFactory(category=fruit, stock=7, sales=3, price=Decimal("29.9"))
    resting = SKUFactory(
        category=fruit, stock=0, sales=12, price=Decimal("1234.5"), is_on_sale=False
    )
    SKUFactory(category=fruit)  # not asked for
    with django_assert_num_queries(2):  # the goods, the sale prices running now
        response = Client().get(f"{LIVE}?ids={selling.pk},{resting.pk},999999,{selling.pk}")
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "goods": {
            str(selling.pk): {
                "stock": 7,
                "sales": 3,
                "on_shelf": True,
                "price": "29.90",
                "list_price": "29.90",
            },
            str(resting.pk): {
                "stock": 0,
                "sales": 12,
                "on_shelf": False,
                "price": "1234.50",
                "list_price": "1234.50",
            },
        },
    }
    # the same for everyone and fine a second old: nginx keeps it that long
    assert response["Cache-Control"] == "public, max-age=1"
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_a_hundred_ids_is_the_most_one_call_asks_for(fruit):
    skus = SKUFactory.create_batch(2, category=fruit)
    ids = [skus[0].pk, skus[1].pk, *range(10_000, 10_098)]
    response = Client().get(f"{LIVE}?ids={','.join(map(str, ids))}")
    assert response.status_code == 200 and len(response.json()["goods"]) == 2
    over = Client().get(f"{LIVE}?ids={','.join(map(str, [*ids, 20_000]))}")
    assert over.status_code == 400 and over.json()["error"] == "invalid_input"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?ids=",
        "?ids=x",
        "?ids=1,,2",
        "?ids=0",
        "?ids=-1",
        "?ids=１２",
        "?ids=1_2",
        "?ids=" + "9" * 19,
    ],
)
def test_bad_ids_answer_the_contracts_400(query):
    response = Client().get(f"{LIVE}{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error"] == "invalid_input" and body["message"]


def test_live_answers_get_only():
    response = Client().post(f"{LIVE}?ids=1")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"

"""Goods search: jieba words in a real Whoosh index, the results page, keeping the index current.

No browser: the Django test client, a real Whoosh index (this test process's own directory,
emptied around each test) and, for the signal → Celery path, a real worker.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from haystack import connections

from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory, SPUFactory, make_category
from search.analysis import ChineseAnalyzer
from search.tasks import search_index_update_task

pytestmark = pytest.mark.django_db

SEARCH_QUERY_BUDGET = 3  # the SKUs, their card renditions, the sale prices; nav and cart: Redis


@pytest.fixture(autouse=True)
def search_index():
    """An empty index before and after each test (the directory outlives test transactions)."""
    backend = connections["default"].get_backend()
    backend.clear()
    yield backend
    backend.clear()


def goods(name: str, **kwargs) -> GoodsSKU:
    """A SKU whose product has the same name and no detail: only the words given are in it."""
    kwargs.setdefault("description", "")
    kwargs.setdefault("spu", SPUFactory(name=name, detail=""))
    return SKUFactory(name=name, **kwargs)


def rebuild() -> None:
    call_command("rebuild_index", "--noinput", verbosity=0)


def names(response) -> list[str]:
    """The names on the search page, from its own context: the test client also collects the
    contexts of templates rendered meanwhile in other threads (the worker thread's publisher
    renders category pages, which have a ``goods_page`` too)."""
    contexts = response.context if isinstance(response.context, list) else [response.context]
    page = next(context for context in contexts if "search_query" in context)["goods_page"]
    return [sku.name for sku in page.object_list]


def search(client, query: str, page: str | None = None):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def test_analyzer_cuts_chinese_into_words_and_lowercases():
    analyzer = ChineseAnalyzer()  # Whoosh reuses one Token object: copy what it holds
    tokens = [
        (token.text, token.pos, token.startchar, token.endchar)
        for token in analyzer("丹东九九草莓，新西兰Kiwi", positions=True, chars=True)
    ]
    texts = [text for text, _pos, _start, _end in tokens]
    assert "草莓" in texts and "新西兰" in texts and "kiwi" in texts
    assert "，" not in texts  # punctuation is not a word
    assert tokens[texts.index("草莓")][2:] == (4, 6)
    assert [pos for _text, pos, _start, _end in tokens] == list(range(len(tokens)))


def test_two_character_word_inside_a_longer_name_is_found(client):
    goods("丹东九九草莓")
    goods("阳光玫瑰葡萄")
    rebuild()
    response = search(client, "草莓")
    assert names(response) == ["丹东九九草莓"]
    html = response.content.decode()
    assert "丹东九九草莓" in html and "共 1 件商品" in html
    assert 'class="goods-card"' in html
    assert names(search(client, "丹东草莓")) == ["丹东九九草莓"]  # every word must match
    assert names(search(client, "榴莲")) == []


def test_description_product_and_category_words_are_found(client):
    seafood = make_category("海鲜水产", "seafood")
    goods("红富士", description="产自山东烟台的脆甜苹果")
    goods(
        "带鱼段",
        category=seafood,
        spu=SPUFactory(name="舟山带鱼", detail="<p>东海<b>冷链</b>直达</p>"),
    )
    goods("Kiwi 猕猴桃")
    rebuild()
    assert names(search(client, "烟台")) == ["红富士"]  # description
    assert names(search(client, "舟山")) == ["带鱼段"]  # product name
    assert names(search(client, "冷链")) == ["带鱼段"]  # product detail, tags stripped
    assert names(search(client, "海鲜")) == ["带鱼段"]  # category title
    assert names(search(client, "KIWI")) == ["Kiwi 猕猴桃"]  # case does not matter


def test_off_shelf_goods_are_never_found(client):
    on = goods("丹东草莓")
    goods("下架草莓", is_on_sale=False)
    rebuild()
    assert connections["default"].get_backend().index.refresh().doc_count() == 1
    assert names(search(client, "草莓")) == ["丹东草莓"]
    # Taken off the shelf without a signal (the index has not caught up): still not shown.
    GoodsSKU.objects.filter(pk=on.pk).update(is_on_sale=False)
    assert names(search(client, "草莓")) == []


@pytest.mark.parametrize(
    ("page", "expected_number"),
    [("1", 1), ("2", 2), ("3", 3), ("999", 3), ("abc", 1), ("0", 1), ("-4", 1), ("", 1)],
)
def test_page_edges_never_fail(client, settings, page, expected_number):
    settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE = 4
    SKUFactory.create_batch(11, description="")
    rebuild()
    response = search(client, "草莓", page)
    assert response.context["goods_page"].number == expected_number


def test_pages_together_show_every_match_once_and_keep_the_query(client, settings):
    settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE = 4
    SKUFactory.create_batch(11, description="")
    rebuild()
    pages = [names(search(client, "草莓", str(number))) for number in (1, 2, 3)]
    assert [len(page) for page in pages] == [4, 4, 3]
    shown = [name for page in pages for name in page]
    assert sorted(shown) == sorted(GoodsSKU.objects.values_list("name", flat=True))
    html = search(client, "草莓", "2").content.decode()
    assert "?q=%E8%8D%89%E8%8E%93&amp;page=3" in html and 'aria-current="page"' in html


@pytest.mark.parametrize("query", ["", "   ", "\x00\t\n"])
def test_empty_query_shows_a_prompt_and_no_results(client, query):
    SKUFactory(name="丹东草莓")
    rebuild()
    response = search(client, query)
    assert response.context["goods_page"] is None
    html = response.content.decode()
    assert "请在上方搜索框输入商品名称" in html and 'class="goods-card"' not in html


def test_query_is_echoed_escaped(client):
    response = search(client, '<script>alert("x")</script>草莓')
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;草莓" in html
    assert names(response) == []


def test_query_is_tidied_before_searching(client):
    goods("丹东草莓")
    rebuild()
    response = search(client, " 丹东\x00\t草莓  ")
    assert response.context["search_query"] == "丹东 草莓"
    assert names(response) == ["丹东草莓"]


def test_header_has_the_search_box_on_every_page(client):
    make_category("新鲜水果", "fruit")
    for url in ("/fruit/", "/search/?q=草莓"):
        html = client.get(url).content.decode()
        assert 'class="search-box" action="/search/" method="get"' in html
        assert 'name="q"' in html and 'class="header-cart"' in html
    assert 'name="q" value="草莓"' in client.get("/search/?q=草莓").content.decode()


def test_task_indexes_a_saved_sku_and_follows_its_changes(client):
    """The Celery task, called directly: what the signal processor queues on every save."""
    sku = goods("新疆哈密瓜")
    assert names(search(client, "哈密瓜")) == []  # bulk_create, update() or no task yet
    task_args = {"model": "catalog.goodssku", "object_id": sku.pk}
    search_index_update_task(**task_args)
    assert names(search(client, "哈密瓜")) == ["新疆哈密瓜"]

    sku.spu.name = "吐鲁番甜瓜"  # a product's change re-indexes its SKUs
    sku.spu.save()
    search_index_update_task(model="catalog.goodsspu", object_id=sku.spu_id)
    assert names(search(client, "吐鲁番")) == ["新疆哈密瓜"]

    sku.is_on_sale = False  # off the shelf: out of the index
    sku.save()
    search_index_update_task(**task_args)
    assert connections["default"].get_backend().index.refresh().doc_count() == 0

    sku.is_on_sale = True
    sku.save()
    search_index_update_task(**task_args)
    sku.delete()  # gone: out of the index
    search_index_update_task(**task_args)
    assert connections["default"].get_backend().index.refresh().doc_count() == 0


@pytest.mark.django_db(transaction=True)
def test_saved_sku_becomes_searchable_through_the_celery_worker(client, celery_worker, wait_for):
    """The whole path: save → signal processor → queued on commit → worker → index."""
    sku = goods("海南金钻凤梨", spu=SPUFactory(name="热带水果", detail=""))
    wait_for(lambda: names(search(client, "凤梨")) == ["海南金钻凤梨"])
    sku.name = "海南香水菠萝"
    sku.save()
    wait_for(lambda: names(search(client, "菠萝")) == ["海南香水菠萝"])
    assert names(search(client, "凤梨")) == []
    sku.delete()
    wait_for(lambda: connections["default"].get_backend().index.refresh().doc_count() == 0)


def test_rebuild_index_command_indexes_every_on_shelf_sku(client):
    SKUFactory.create_batch(3, description="")
    SKUFactory(is_on_sale=False)
    call_command("rebuild_index", "--noinput", verbosity=0)
    assert connections["default"].get_backend().index.refresh().doc_count() == 3
    call_command("rebuild_index", "--noinput", verbosity=0)  # again: a fresh index, same size
    assert connections["default"].get_backend().index.refresh().doc_count() == 3


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_results_page_queries_do_not_grow_with_the_goods_shown(client):
    SKUFactory(name="丹东草莓", price=Decimal("10"))
    rebuild()
    client.get("/search/?q=草莓")  # renditions are made once, on the very first view
    one = count_queries(client, "/search/?q=草莓")
    SKUFactory.create_batch(9)
    rebuild()
    client.get("/search/?q=草莓")
    assert len(names(search(client, "草莓"))) == 10
    ten = count_queries(client, "/search/?q=草莓")
    assert one == ten <= SEARCH_QUERY_BUDGET

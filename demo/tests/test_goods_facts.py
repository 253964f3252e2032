"""The demo goods' facts: every product has them, its storage fits its category (no colder), and
nothing but frozen goods speaks of freezing; ``seed_demo`` gives them to goods seeded before."""

from catalog.models import CategoryPage, GoodsSKU, GoodsSPU, Storage
from demo.catalog_text import CATEGORIES
from demo.goods_facts import CATEGORY_STORAGE, FACTS, STORAGE_TEXT
from demo.services import BULK_SPU_PREFIX

from .test_seed_demo import media, seed  # noqa: F401 (media is a fixture)


def test_every_demo_product_has_facts_that_fit_its_category_and_its_text():
    for category in CATEGORIES:
        category_storage = CATEGORY_STORAGE[category.slug]
        for product in category.products:
            facts = FACTS[product.name]
            assert len(facts.weights) == len(product.skus), product.name
            assert all(facts.weights) and facts.shelf_life and product.origin
            assert Storage.coldness(facts.storage) <= Storage.coldness(category_storage)
            if facts.storage != Storage.FROZEN:  # the crab is 鲜活: not 冷冻 -18℃
                detail = product.detail_html(
                    storage=STORAGE_TEXT[facts.storage], shelf_life=facts.shelf_life
                )
                texts = (product.description, facts.shelf_life, detail, category.storage)
                assert not any("冷冻" in text for text in texts), product.name


def test_seed_demo_gives_goods_their_facts_and_fills_those_seeded_before(db, media):  # noqa: F811
    seed()
    demo_skus = GoodsSKU.objects.exclude(spu__name__startswith=BULK_SPU_PREFIX)
    for sku in demo_skus.select_related("category", "spu"):
        assert sku.origin and sku.shelf_life and sku.net_weight, sku.name
        assert sku.category.storage == CATEGORY_STORAGE[sku.category.slug]
        sku.full_clean()  # the storage rule: no colder than the category
        if sku.storage != Storage.FROZEN:
            assert "冷冻" not in sku.spu.detail + sku.description, sku.name
    crab = demo_skus.get(name="大闸蟹 4只装")
    assert (crab.origin, crab.storage) == ("江苏苏州", Storage.CHILLED)
    assert crab.net_weight == "4 只，每只约 150g"
    assert demo_skus.get(name="香蕉 1kg").storage == Storage.ROOM
    assert demo_skus.get(name="草莓 500g").sold_by_weight

    # a shop seeded before goods had facts: the crab said 冷冻, the categories had no storage
    crabs = GoodsSKU.objects.filter(spu__name="大闸蟹")
    crabs.update(origin="", storage="", shelf_life="", net_weight="")
    GoodsSPU.objects.filter(name="大闸蟹").update(detail="<p>储存：冷冻 -18℃ 保存</p>")
    CategoryPage.objects.filter(slug="seafood").update(storage=Storage.ROOM)

    assert "SKUs given their fresh-produce facts: 2" in seed()
    assert seed().count("facts: 0") == 1  # and once only
    crab.refresh_from_db()
    assert (crab.storage, crab.shelf_life) == ("chilled", "鲜活，收货后 2 天内烹饪")
    assert "冷冻" not in GoodsSPU.objects.get(name="大闸蟹").detail
    assert CategoryPage.objects.get(slug="seafood").storage == Storage.CHILLED


def test_the_bulk_goods_take_their_categorys_storage(db, media):  # noqa: F811
    seed("--goods", "12")
    bulk = GoodsSKU.objects.filter(spu__name__startswith=BULK_SPU_PREFIX).select_related("category")
    assert bulk.count() == 12
    assert all(sku.storage == sku.category.storage for sku in bulk)

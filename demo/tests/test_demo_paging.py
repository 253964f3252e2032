"""The demo catalog pages: two categories hold more goods on the shelf than one list page."""

from demo.catalog_text import CATEGORIES


def test_two_demo_categories_have_goods_for_a_second_page(settings):
    for slug in ("fruit", "vegetables"):
        category = next(category for category in CATEGORIES if category.slug == slug)
        on_sale = [sku for product in category.products for sku in product.skus if sku.on_sale]
        assert len(on_sale) > settings.CATALOG_PAGE_SIZE, slug

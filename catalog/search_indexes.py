"""The goods search index (haystack): one document per on-shelf SKU.

The document's text (``templates/search/indexes/catalog/goodssku_text.txt``) is the SKU's name
and description, its product's name and detail, and its category's title. Off-shelf SKUs are
never in the index: a full build skips them, and updating one that has gone off the shelf
removes it.
"""

from haystack import indexes

from .models import GoodsSKU


class GoodsSKUIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=True)

    def get_model(self):
        return GoodsSKU

    def get_updated_field(self) -> str:
        return "updated_at"  # for `update_index --age`

    def index_queryset(self, using=None):
        return GoodsSKU.objects.on_shelf().select_related("spu", "category")

    def load_all_queryset(self):
        return GoodsSKU.objects.on_shelf()

    def should_update(self, instance, **kwargs) -> bool:
        return instance.is_on_sale

    def update_object(self, instance, using=None, **kwargs) -> None:
        """Index an on-shelf SKU; take one that is off the shelf out of the index."""
        if self.should_update(instance, **kwargs):
            super().update_object(instance, using=using, **kwargs)
        else:
            self.remove_object(instance, using=using, **kwargs)

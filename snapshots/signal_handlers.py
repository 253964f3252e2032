"""What each change means for the published pages: keys marked dirty once it commits.

Wagtail's page signals, not its hooks: ``page_published`` and ``page_unpublished`` are sent by
the editor, bulk actions, scheduled publishing and ``Page.unpublish()`` alike. Stock moves
(``catalog.signals.stock_changed``) change only the live data, so they publish nothing.

Any other draftable model (``DraftStateMixin``: a snippet such as a campaign) names the pages it
shows on by defining ``snapshot_keys(self) -> set[str]``, the keys of ``targets`` (``"home"``,
``"goods:<sku id>"``, ``"list:<category id>"``, ``"newest:<category id>"``…). When such an
object is published or unpublished — by the editor, a bulk action or scheduled publishing, which
send the generic ``published``/``unpublished`` (not ``page_published``) — or deleted while live,
the keys of the object as it was live before and as it is now are marked dirty on commit.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.images import get_image_model
from wagtail.models import DraftStateMixin
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from catalog.models import CategoryPage, GoodsImage, GoodsSKU, GoodsSPU
from home.models import HomePage
from shop.signals import goods_commented

from . import selectors
from .services import snapshots_mark_dirty
from .targets import HOME, NAV, SWEEP, goods_key, key_checked, list_key, newest_key

BEFORE = "_snapshot_before"  # (category_id, spu_id, price) of a SKU as it was before a save
KEYS_BEFORE = "_snapshot_keys_before"  # a draftable object's keys as it was live before a save


def category_changed(category_id: int) -> None:
    """A category shows in the navigation, the homepage's floors, its newest goods (first),
    then its lists and its goods' breadcrumbs."""
    goods = {goods_key(pk) for pk in selectors.goods_ids_of_categories([category_id])}
    snapshots_mark_dirty(
        keys={HOME, NAV, newest_key(category_id)}, later={list_key(category_id), *goods, SWEEP}
    )


def page_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, HomePage):
        # unpublished, the homepage takes its children with it
        snapshots_mark_dirty(keys={HOME}, later={SWEEP})
    elif isinstance(instance, CategoryPage):
        category_changed(instance.pk)


def page_deleted(sender, instance, **kwargs) -> None:
    snapshots_mark_dirty(keys={HOME, NAV}, later={SWEEP})


def sku_before_save(sender, instance: GoodsSKU, **kwargs) -> None:
    if instance.pk:
        row = GoodsSKU.objects.filter(pk=instance.pk).values_list("category_id", "spu_id", "price")
        setattr(instance, BEFORE, row.first())


def sku_changed(sender, instance: GoodsSKU, **kwargs) -> None:
    """A SKU shows on its detail, the spec lists of its product's other goods pages (when it is
    among the cheapest), its category's lists and newest goods, and maybe the homepage; a move
    to another category, product or price changes both the old and the new."""
    now = (instance.category_id, instance.spu_id, instance.price)
    before = getattr(instance, BEFORE, None) or now
    categories = {now[0], before[0]}
    siblings = {
        pk
        for _category, spu_id, price in {now, before}
        for pk in selectors.goods_ids_listing_spec(spu_id=spu_id, sku_id=instance.pk, price=price)
    }
    snapshots_mark_dirty(
        keys={HOME, goods_key(instance.pk), *(newest_key(pk) for pk in categories)},
        later={*(goods_key(pk) for pk in siblings), *(list_key(pk) for pk in categories)},
    )


def product_changed(sender, instance: GoodsSPU, **kwargs) -> None:
    skus = selectors.goods_ids_of_product([instance.pk])
    snapshots_mark_dirty(keys=set(), later={goods_key(pk) for pk in skus})


def gallery_changed(sender, instance: GoodsImage, **kwargs) -> None:
    snapshots_mark_dirty(keys={goods_key(instance.sku_id)})


def image_changed(sender, instance, **kwargs) -> None:
    """A picture shows wherever a SKU, a gallery, a category or a homepage block uses it."""
    sku_ids, category_ids = selectors.goods_showing_image(instance.pk)
    later = {*(goods_key(pk) for pk in sku_ids), *(list_key(pk) for pk in category_ids)}
    snapshots_mark_dirty(keys={HOME, *(newest_key(pk) for pk in category_ids)}, later=later)


def goods_comments_changed(sender, sku_ids, **kwargs) -> None:
    snapshots_mark_dirty(keys={goods_key(pk) for pk in sku_ids})


def declares_keys(instance) -> bool:
    return callable(getattr(instance, "snapshot_keys", None))


def declared_keys(instance) -> set[str] | None:
    """The keys a draftable object declares (``snapshot_keys``), checked; None if it has none."""
    return (
        {key_checked(key) for key in instance.snapshot_keys()} if declares_keys(instance) else None
    )


def draftable_before_save(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a publish or unpublish rewrites an object (a full save; saving a draft revision
    saves only some fields), keep the keys of its live version: a campaign moved from one
    category to another changes the pages of both."""
    draftable = isinstance(instance, DraftStateMixin) and declares_keys(instance)
    if not draftable or update_fields is not None or instance.pk is None:
        return
    live = type(instance)._default_manager.filter(pk=instance.pk, live=True).first()
    setattr(instance, KEYS_BEFORE, declared_keys(live) if live else set())


def draftable_changed(sender, instance, **kwargs) -> None:
    """``published``/``unpublished``: the pages of the object as it was live and as it is."""
    keys = declared_keys(instance)
    if keys is not None:
        snapshots_mark_dirty(keys=keys | instance.__dict__.pop(KEYS_BEFORE, set()))


def draftable_deleted(sender, instance, **kwargs) -> None:
    """Before the delete cascades, while its related rows still say which pages it is on."""
    if declares_keys(instance) and getattr(instance, "live", False):
        snapshots_mark_dirty(keys=declared_keys(instance))


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"snapshots-page-{signal!r}")
    for model in (HomePage, CategoryPage):
        post_delete.connect(page_deleted, sender=model, dispatch_uid=f"snapshots-del-{model}")
    pre_save.connect(sku_before_save, sender=GoodsSKU, dispatch_uid="snapshots-sku-pre")
    handlers = [
        (GoodsSKU, sku_changed),
        (GoodsSPU, product_changed),
        (GoodsImage, gallery_changed),
        (get_image_model(), image_changed),
    ]
    for model, handler in handlers:
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model, dispatch_uid=f"snapshots-{model}-{signal!r}")
    goods_commented.connect(goods_comments_changed, dispatch_uid="snapshots-comments")
    # any sender: a model that declares no snapshot_keys costs one isinstance check a save
    for signal, handler in (
        (pre_save, draftable_before_save),
        (published, draftable_changed),
        (unpublished, draftable_changed),
        (pre_delete, draftable_deleted),
    ):
        signal.connect(handler, dispatch_uid=f"snapshots-draftable-{signal!r}")

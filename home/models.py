from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from catalog.models import CategoryPage, ViewRestrictionsInOneQuery
from catalog.renditions import CARD_RENDITION, renditions_attach

from .blocks import (
    BANNER_RENDITION,
    FLOOR_PICTURE_RENDITION,
    PROMOTION_RENDITION,
    BannerBlock,
    FloorBlock,
    PromotionBlock,
)


def _shown(sku) -> bool:
    """Blocks keep every SKU an editor chose; shoppers see only those on the shelf."""
    return sku is not None and sku.is_on_sale


class HomePage(ViewRestrictionsInOneQuery, Page):
    """The site root: the shop window editors arrange in the Wagtail admin."""

    banners = StreamField([("banner", BannerBlock())], blank=True, verbose_name=_("轮播图"))
    promotions = StreamField(
        [("promotion", PromotionBlock())], blank=True, verbose_name=_("促销活动")
    )
    floors = StreamField([("floor", FloorBlock())], blank=True, verbose_name=_("分类楼层"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("banners"),
        FieldPanel("promotions"),
        FieldPanel("floors"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["catalog.CategoryPage"]

    class Meta:
        verbose_name = _("首页")

    def route(self, request, path_components):
        """A category in one query: Wagtail's route reads the child page, then its specific
        row. Any other child (or none) goes Wagtail's way."""
        if path_components:
            category = CategoryPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if category is not None:
                category._cached_parent_obj = self  # as Wagtail's route does
                return category.route(request, path_components[1:])
        return super().route(request, path_components)

    def running_promotions(self, now=None):
        """Promotions inside their window: marketing schedules them ahead of time."""
        now = now or timezone.now()
        return [block for block in self.promotions if block.value.is_running(now)]

    def live_floors(self):
        """Floors whose category page is live, with only on-shelf goods."""
        floors = []
        for block in self.floors:
            category = block.value["category"]
            if category is None or not category.live:
                continue
            floors.append(
                {
                    "category": category,
                    "image_goods": [sku for sku in block.value["image_goods"] if _shown(sku)],
                    "text_goods": [sku for sku in block.value["text_goods"] if _shown(sku)],
                }
            )
        return floors

    def promotions_change_between(self, start, end) -> bool:
        """Whether a promotion starts or ends in (start, end]: the homepage then shows another
        set of tiles, and its published page must be rewritten."""
        for block in self.promotions:
            for moment in (block.value.get("starts_at"), block.value.get("ends_at")):
                if moment and timezone.is_naive(moment):
                    moment = timezone.make_aware(moment)
                if moment and start < moment <= end:
                    return True
        return False

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        banners = [
            block.value
            for block in self.banners
            if _shown(block.value["sku"]) and block.value["image"]
        ]
        promotions = [block.value for block in self.running_promotions()]
        floors = self.live_floors()
        renditions_attach(
            [(banner["image"], BANNER_RENDITION) for banner in banners]
            + [(promotion["image"], PROMOTION_RENDITION) for promotion in promotions]
            + [(floor["category"].picture, FLOOR_PICTURE_RENDITION) for floor in floors]
            + [(sku.image, CARD_RENDITION) for floor in floors for sku in floor["image_goods"]]
        )
        context.update(banners=banners, promotions=promotions, floors=floors)
        return context

"""StreamField blocks of the homepage: banners, promotions and category floors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from catalog.renditions import CARD_RENDITION
from catalog.selectors import sku_card_queryset
from marketing.clock import pricing_now

BANNER_RENDITION = "fill-1200x400"
PROMOTION_RENDITION = "fill-600x300"
FLOOR_PICTURE_RENDITION = "fill-240x480"


class RenditionImageChooserBlock(ImageChooserBlock):
    """An image chooser that names the rendition its template shows: the homepage loads the
    renditions of all its pictures in one query (``HomePage.get_context``)."""

    def __init__(self, *args, rendition: str, **kwargs):
        self.rendition = rendition
        super().__init__(*args, **kwargs)

    def bulk_to_python(self, values):
        images = get_image_model().objects.in_bulk(values)
        return [images.get(value) for value in values]

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, args, {**kwargs, "rendition": self.rendition}


class SKUChooserBlock(SnippetChooserBlock):
    """Choose a SKU; all SKUs of a block load in one query, with their pictures (the
    homepage loads the renditions of all its pictures at once).

    Off-shelf SKUs load too: the editor must keep seeing (and re-saving) the SKU it chose while
    it is off the shelf; the homepage hides them (``HomePage.get_context``).
    """

    def __init__(self, **kwargs):
        super().__init__("catalog.GoodsSKU", **kwargs)

    def bulk_to_python(self, values):
        skus = sku_card_queryset(on_shelf_only=False, renditions=False).in_bulk(values)
        return [skus.get(value) for value in values]

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return path, (), kwargs


class CategoryChooserBlock(blocks.PageChooserBlock):
    """Choose a category page; all of a page's floors load in one query, with pictures."""

    def __init__(self, **kwargs):
        super().__init__(page_type="catalog.CategoryPage", **kwargs)

    def bulk_to_python(self, values):
        from catalog.models import CategoryPage

        pages = CategoryPage.objects.select_related("picture").in_bulk(values)
        return [pages.get(value) for value in values]

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("page_type", None)
        return path, args, kwargs


class BannerBlock(blocks.StructBlock):
    sku = SKUChooserBlock(label=_("商品"))
    image = RenditionImageChooserBlock(rendition=BANNER_RENDITION, label=_("图片"))
    caption = blocks.CharBlock(label=_("说明"), required=False, max_length=60)

    class Meta:
        icon = "image"
        label = _("轮播图")
        label_format = "{caption}"
        template = "blocks/banner_block.html"
        preview_value = {"caption": "当季草莓 限时特惠"}


link_validator = RegexValidator(
    r"^(/(?!/)|https?://)\S*$", _("请输入以 / 开头的站内路径或 http(s):// 网址。")
)


class PromotionStructValue(blocks.StructValue):
    def url(self) -> str:
        """The campaign's page for a campaign tile, else the chosen page or link."""
        campaign, page = self.get("campaign"), self.get("page")
        if campaign:
            return campaign.get_url()
        return page.url if page else self.get("link_url") or ""

    def is_running(self, now=None) -> bool:
        """Inside the tile's own window (a campaign tile's campaign is checked where the
        campaigns are loaded: ``home.window.promotions_running``)."""
        now = now or pricing_now()
        starts_at, ends_at = (
            # a hand-written naive time means the shop's time zone
            timezone.make_aware(moment) if moment and timezone.is_naive(moment) else moment
            for moment in (self.get("starts_at"), self.get("ends_at"))
        )
        return (starts_at is None or starts_at <= now) and (ends_at is None or now < ends_at)


class PromotionBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("活动名称"), max_length=50)
    page = blocks.PageChooserBlock(label=_("链接页面"), required=False)
    link_url = blocks.CharBlock(
        label=_("或链接地址"),
        required=False,
        max_length=500,
        validators=[link_validator],
        help_text=_("站内路径（如 /fruit/?sort=hot）或完整网址"),
    )
    campaign = SnippetChooserBlock(
        "marketing.Campaign",
        label=_("或营销活动"),
        required=False,
        help_text=_("选择后链接到活动页，且只在活动进行中显示。"),
    )
    image = RenditionImageChooserBlock(rendition=PROMOTION_RENDITION, label=_("图片"))
    starts_at = blocks.DateTimeBlock(label=_("开始时间"), required=False)
    ends_at = blocks.DateTimeBlock(label=_("结束时间"), required=False)

    class Meta:
        icon = "date"
        label = _("促销活动")
        label_format = "{name}"
        template = "blocks/promotion_block.html"
        value_class = PromotionStructValue
        preview_value = {"name": "吃货暑假趴", "link_url": "https://example.com/"}

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not (value.get("page") or value.get("link_url") or value.get("campaign")):
            errors["link_url"] = ValidationError(_("请选择链接页面、填写链接地址或选择营销活动。"))
        starts_at, ends_at = value.get("starts_at"), value.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            errors["ends_at"] = ValidationError(_("结束时间必须晚于开始时间。"))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class FloorBlock(blocks.StructBlock):
    category = CategoryChooserBlock(label=_("分类"))
    image_goods = blocks.ListBlock(
        SKUChooserBlock(label=_("图片商品")), label=_("图片商品"), max_num=4
    )
    text_goods = blocks.ListBlock(
        SKUChooserBlock(label=_("文字商品")), label=_("文字商品"), max_num=6
    )

    class Meta:
        icon = "list-ul"
        label = _("分类楼层")
        label_format = "{category}"
        template = "blocks/floor_block.html"


__all__ = [
    "BannerBlock",
    "CARD_RENDITION",
    "FLOOR_PICTURE_RENDITION",
    "FloorBlock",
    "PromotionBlock",
]

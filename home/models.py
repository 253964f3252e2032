from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from catalog.models import CategoryPage, ViewRestrictionsInOneQuery

from .blocks import BannerBlock, FloorBlock, PromotionBlock
from .window import campaigns_of, promotions_scheduled, shop_window


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
        verbose_name_plural = _("首页")

    def route(self, request, path_components):
        """A category in one query: Wagtail's route reads the child page, then its specific
        row. Any other child (or none) goes Wagtail's way."""
        if path_components:
            children = CategoryPage.objects.child_of(self).filter(slug=path_components[0])
            # with its view restrictions: Wagtail's check then needs no query of its own
            category = self.with_restricted(children).first()
            if category is not None:
                category._cached_parent_obj = self  # as Wagtail's route does
                return category.route(request, path_components[1:])
        return super().route(request, path_components)

    def promotions_change_between(self, start, end) -> bool:
        """Whether a promotion, or a campaign a tile points at, starts or ends in (start, end]:
        the homepage then shows another set of tiles, and its published page must be
        rewritten. One query for the campaigns, none without."""
        promotions = promotions_scheduled(self)
        moments = [p.get(edge) for _s, p in promotions for edge in ("starts_at", "ends_at")]
        for campaign in campaigns_of([stored for stored, _p in promotions]).values():
            moments += [campaign.starts_at, campaign.ends_at]
        for moment in moments:
            if moment and timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            if moment and start < moment <= end:
                return True
        return False

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(shop_window(self))
        return context

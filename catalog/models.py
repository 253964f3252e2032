from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageViewRestriction

from freshsite.paging import page_get, page_links
from marketing.selectors import sale_prices_at

from .admin_ui import SKUListPanel
from .pricing import current_price_ordering, skus_priced
from .renditions import CARD_RENDITION, with_renditions
from .validators import category_slug_validate

LIST_SORTS = {
    # ?sort= value → ordering; the trailing id makes ties stable across pages. The lists show
    # on-shelf goods only, so the leading is_on_sale orders nothing: it makes the ordering
    # the list's index (category, is_on_sale, …), which the database then walks instead of
    # sorting the whole category (Django writes the filter as a bare "is_on_sale", which
    # SQLite does not take for the index's second column). 2 -> 0.2 ms for page 1 of 1,667.
    "default": ("is_on_sale", "-created_at", "-id"),
    "price": ("is_on_sale", "price", "id"),
    "hot": ("is_on_sale", "-sales", "id"),
}
SORT_CHOICES = [("default", _("默认")), ("price", _("价格")), ("hot", _("人气"))]


class Storage(models.TextChoices):
    """How goods are kept, from the warmest: a category's storage is how its goods travel
    (冷藏 and 冷冻 categories go by the cold chain, charged by the freight rules)."""

    ROOM = "room", _("常温")
    CHILLED = "chilled", _("冷藏")
    FROZEN = "frozen", _("冷冻")

    @classmethod
    def coldness(cls, value: str) -> int:
        return [cls.ROOM, cls.CHILLED, cls.FROZEN].index(value)


COLD_CHAIN = (Storage.CHILLED, Storage.FROZEN)


def normalise_sort(sort: str | None) -> str:
    return sort if sort in LIST_SORTS else "default"


def _restrictions_on(paths, own_path=None):
    """View restrictions on the pages at ``paths`` (and at ``own_path``, an expression), with
    Wagtail's rule for aliases: an alias takes its source page's restrictions."""
    rule = Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
    if own_path is not None:
        own = Q(page__path=own_path, page__alias_of__isnull=True)
        rule |= own | Q(page__aliases__path=own_path)
    return PageViewRestriction.objects.filter(rule)


class ViewRestrictionsInOneQuery:
    """Wagtail reads a page's ancestors, then their view restrictions: two queries for every
    page it serves. The tree path already names the ancestors, so one query does; none when
    the page was loaded with ``restricted`` (``with_restricted``) and is not restricted."""

    def get_view_restrictions(self):
        if getattr(self, "restricted", None) is False:
            return PageViewRestriction.objects.none()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return _restrictions_on(paths).distinct()

    def with_restricted(self, children):
        """``children`` (pages under this one) annotated with ``restricted``: whether a view
        restriction applies to them, from this page's ancestors, this page or their own."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return children.annotate(restricted=Exists(_restrictions_on(paths, OuterRef("path"))))


class CategoryPage(ViewRestrictionsInOneQuery, Page):
    """A goods category; its URL ``/<slug>/`` lists the category's goods."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    picture = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("首页楼层左侧的大图"),
    )

    storage = models.CharField(
        _("储存方式"),
        max_length=10,
        choices=Storage.choices,
        default=Storage.ROOM,
        help_text=_("冷藏、冷冻分类的商品走冷链配送，订单按运费规则加收冷链费"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("logo"),
        FieldPanel("picture"),
        FieldPanel("storage"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("商品分类")
        verbose_name_plural = _("商品分类")

    def clean(self) -> None:
        super().clean()
        try:
            category_slug_validate(self.slug)
        except ValidationError as error:  # shown on the slug field of the editor's form
            raise ValidationError({"slug": error.messages}) from error
        self._storage_keeps_goods()

    def _storage_keeps_goods(self) -> None:
        """A category cannot become warmer than goods it holds (see ``GoodsSKU.clean``)."""
        if self.pk is None:
            return
        colder = [s for s in Storage if Storage.coldness(s) > Storage.coldness(self.storage)]
        goods = self.skus.filter(storage__in=colder).values_list("name", flat=True)[:3]
        if goods:
            message = _("分类下有需要更低温储存的商品（%(names)s），请先调整这些商品") % {
                "names": "、".join(goods)
            }
            raise ValidationError({"storage": message})

    def goods_page(self, *, sort: str, page_number: str | None) -> PaginatorPage:
        """One page of the category's goods on the shelf; past the end gives the last, junk
        the first."""
        sort = normalise_sort(sort)
        goods = self.skus.on_shelf().with_card_picture()
        prices = sale_prices_at()
        on_sale = current_price_ordering(goods, category_id=self.pk, prices=prices)
        if sort == "price" and on_sale is not None:  # the sale price, as shoppers pay it
            goods = on_sale.order_by("price_now", "id")
        else:
            goods = goods.sorted_by(sort)
        page = page_get(Paginator(goods, settings.CATALOG_PAGE_SIZE), page_number)
        skus_priced(page.object_list, prices=prices)
        return page

    def newest_goods(self, limit: int = 2):
        """The newest goods on the shelf (the category's newest fragment), priced."""
        return skus_priced(self.skus.on_shelf().with_card_picture().sorted_by("default")[:limit])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sort = normalise_sort(request.GET.get("sort"))
        goods_page = self.goods_page(sort=sort, page_number=request.GET.get("page"))
        context.update(
            goods_page=goods_page,
            page_links=page_links(goods_page),
            page_query=f"sort={sort}&",
            sort=sort,
            sort_choices=SORT_CHOICES,
        )
        return context


class GoodsSPU(models.Model):
    """A product (standard product unit): what several specs (SKUs) have in common."""

    name = models.CharField(_("名称"), max_length=100)
    detail = RichTextField(_("详情"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    panels = [FieldPanel("name"), FieldPanel("detail"), SKUListPanel()]

    class Meta:
        verbose_name = _("商品 SPU")
        verbose_name_plural = _("商品 SPU")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name


class GoodsSKUQuerySet(models.QuerySet):
    def on_shelf(self):
        return self.filter(is_on_sale=True)

    def sorted_by(self, sort: str):
        return self.order_by(*LIST_SORTS.get(sort, LIST_SORTS["default"]))

    def with_card_picture(self):
        """With the goods card's picture rendition: two queries however many goods."""
        return with_renditions(self, "image", CARD_RENDITION)


class GoodsSKU(ClusterableModel):
    """A sellable spec of a product, with its own price, stock and pictures."""

    spu = models.ForeignKey(
        GoodsSPU, verbose_name=_("商品 SPU"), on_delete=models.PROTECT, related_name="skus"
    )
    category = models.ForeignKey(
        CategoryPage, verbose_name=_("分类"), on_delete=models.PROTECT, related_name="skus"
    )
    name = models.CharField(_("名称"), max_length=100)
    description = models.CharField(_("简介"), max_length=256, blank=True)
    price = models.DecimalField(_("价格"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=20)
    stock = models.PositiveIntegerField(_("库存"), default=0)
    sales = models.PositiveIntegerField(_("销量"), default=0)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("主图"), on_delete=models.PROTECT, related_name="+"
    )
    is_on_sale = models.BooleanField(_("上架"), default=True)
    # facts of fresh produce, shown in the detail page's facts table
    origin = models.CharField(_("产地"), max_length=50, blank=True)
    storage = models.CharField(
        _("储存方式"),
        max_length=10,
        choices=Storage.choices,
        blank=True,
        help_text=_("留空则与分类相同；可以比分类更常温，不能比分类更冷"),
    )
    shelf_life = models.CharField(
        _("保质期"), max_length=50, blank=True, help_text=_("如“冷藏 3 天”“冷冻 12 个月”")
    )
    sold_by_weight = models.BooleanField(
        _("按重量销售"), default=False, help_text=_("按实际称重发货，每份重量略有出入")
    )
    net_weight = models.CharField(
        _("净含量"), max_length=30, blank=True, help_text=_("如“约 500 克”“4 只，约 1 千克”")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = GoodsSKUQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("spu"),
                FieldPanel("category"),
                FieldPanel("name"),
                FieldPanel("description"),
            ],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("price"),
                FieldPanel("unit"),
                FieldPanel("stock"),
                FieldPanel("sales", read_only=True),  # orders count them, not editors
            ],
            heading=_("价格与库存"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("origin"),
                FieldPanel("storage"),
                FieldPanel("shelf_life"),
                FieldPanel("sold_by_weight"),
                FieldPanel("net_weight"),
            ],
            heading=_("生鲜信息"),
        ),
        FieldPanel("image"),
        FieldPanel("is_on_sale"),
        InlinePanel("gallery", label=_("更多图片")),
    ]

    class Meta:
        verbose_name = _("商品 SKU")
        verbose_name_plural = _("商品 SKU")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=Decimal("0")), name="goods_sku_price_positive"
            ),
            models.CheckConstraint(condition=Q(stock__gte=0), name="goods_sku_stock_not_negative"),
            models.CheckConstraint(condition=Q(sales__gte=0), name="goods_sku_sales_not_negative"),
        ]
        indexes = [
            # one index per list sort, each led by the list's filter
            models.Index(
                fields=["category", "is_on_sale", "-created_at", "-id"], name="sku_list_default"
            ),
            models.Index(fields=["category", "is_on_sale", "price", "id"], name="sku_list_price"),
            models.Index(fields=["category", "is_on_sale", "-sales", "id"], name="sku_list_hot"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The storage rule: a category's storage is how its goods travel, so goods may be kept
        warmer than their category (常温 bananas ride in the fruit's 冷藏 chain) but never colder
        (frozen goods in a 冷藏 category, or chilled ones in a 常温 category, would thaw on the
        way): such a storage is refused. Left empty, the goods take their category's storage."""
        super().clean()
        if self.category_id is None:
            return
        category_storage = self.category.storage
        if not self.storage:
            self.storage = category_storage
        elif Storage.coldness(self.storage) > Storage.coldness(category_storage):
            message = _("%(storage)s商品不能放在%(category_storage)s分类“%(category)s”") % {
                "storage": self.get_storage_display(),
                "category_storage": Storage(category_storage).label,
                "category": self.category.title,
            }
            raise ValidationError({"storage": message})

    @property
    def storage_kept(self) -> str:
        """The goods' storage, or its category's when it has none (rows older than the field)."""
        return self.storage or self.category.storage

    def save(self, *args, **kwargs) -> None:
        if not self.storage and self.category_id is not None:  # as the category (see clean)
            self.storage = self.category.storage
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("catalog:detail", args=[self.pk])

    @cached_property
    def sale_price(self) -> Decimal | None:
        """The sale price a running campaign gives now (None: not on sale). Pages set it for
        all their goods in one query (``catalog.pricing.skus_priced``)."""
        return sale_prices_at().price_of(
            sku_id=self.pk, category_id=self.category_id, price=self.price
        )

    @property
    def current_price(self) -> Decimal:
        """What the SKU costs now: what pages show and checkout charges."""
        return self.sale_price if self.sale_price is not None else self.price


class GoodsImage(Orderable):
    """One more picture of a SKU, shown in its detail gallery."""

    sku = ParentalKey(
        GoodsSKU, verbose_name=_("商品 SKU"), on_delete=models.CASCADE, related_name="gallery"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("image")]

    class Meta(Orderable.Meta):
        verbose_name = _("商品图片")
        verbose_name_plural = _("商品图片")

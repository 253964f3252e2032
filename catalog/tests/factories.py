"""Factories for goods: real Wagtail images (tiny PNGs) and real category pages."""

from decimal import Decimal
from io import BytesIO

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from catalog.models import CategoryPage, GoodsImage, GoodsSKU, GoodsSPU
from home.services import site_root_ensure


def make_image(title: str = "goods", colour: str = "#37ab40"):
    site_root_ensure()  # also the root collection, in a flushed test database
    buffer = BytesIO()
    PILImage.new("RGB", (32, 32), colour).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title}.png")
    )


def make_category(title: str = "新鲜水果", slug: str = "fruit", *, live: bool = True):
    home = site_root_ensure()
    existing = CategoryPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    page = home.add_child(instance=CategoryPage(title=title, slug=slug, live=live))
    if live:
        page.save_revision().publish()
    return page


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"picture {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return make_image(kwargs.get("title", "picture"))


class SPUFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodsSPU

    name = factory.Sequence(lambda n: f"草莓 {n}")
    detail = "<p>新鲜草莓，当日采摘。</p>"


class SKUFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodsSKU

    spu = factory.SubFactory(SPUFactory)
    category = factory.LazyFunction(make_category)
    name = factory.Sequence(lambda n: f"草莓 {n} 500g")
    description = "香甜多汁"
    price = Decimal("29.90")
    unit = "500g"
    stock = 100
    sales = 0
    image = factory.SubFactory(ImageFactory)
    is_on_sale = True


class GoodsImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodsImage

    sku = factory.SubFactory(SKUFactory)
    image = factory.SubFactory(ImageFactory)

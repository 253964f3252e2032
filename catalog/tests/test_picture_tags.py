"""The catalog's picture and goods-card tags write the same bytes as the template tags they stand
for ({% image %}, {% url %}, the card's markup), with renditions loaded or not."""

import pytest
from django.template import engines
from django.urls import reverse
from wagtail.images import get_image_model

from catalog.models import GoodsSKU

from .factories import SKUFactory, make_image

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


WAGTAIL = '{% load wagtailimages_tags %}{% image picture fill-300x300 alt=name class="a b" %}'
OURS = '{% load catalog_pictures %}{% picture picture "fill-300x300" alt=name class="a b" %}'


@pytest.mark.parametrize("name", ['草莓 <500g> & "甜"', ""])
def test_picture_writes_what_wagtail_writes(name):
    image = make_image("p")
    wagtail = render(WAGTAIL, picture=image, name=name)  # makes the rendition
    image = get_image_model().objects.get()
    image.prefetched_renditions = list(image.renditions.all())  # as catalog.renditions loads
    assert render(OURS, picture=image, name=name) == wagtail
    fresh = get_image_model().objects.get()  # no renditions loaded: Wagtail's lookup
    assert render(OURS, picture=fresh, name=name) == wagtail


def test_picture_without_an_alt_takes_the_images_and_a_new_rendition_is_made():
    image = make_image("没有说明")
    image.prefetched_renditions = []
    ours = render('{% load catalog_pictures %}{% picture picture "fill-80x80" %}', picture=image)
    wagtail = render("{% load wagtailimages_tags %}{% image picture fill-80x80 %}", picture=image)
    assert ours == wagtail and 'alt="没有说明"' in ours
    assert image.renditions.filter(filter_spec="fill-80x80").count() == 1
    assert render('{% load catalog_pictures %}{% picture None "fill-80x80" %}') == ""


def test_picture_of_another_focal_point_is_not_taken():
    image = make_image("p")
    render(WAGTAIL, picture=image, name="x")
    image.focal_point_x = image.focal_point_y = 3
    image.focal_point_width = image.focal_point_height = 2
    image.save()
    image.prefetched_renditions = list(image.renditions.all())  # the old focal point's only
    ours = render(OURS, picture=image, name="x")
    assert ours == render(WAGTAIL, picture=image, name="x")
    assert image.renditions.count() == 2


def test_goods_cards_write_what_the_card_template_wrote():
    skus = [SKUFactory(name="草莓 <甜>"), SKUFactory(name="葡萄", unit="1kg")]
    # goods_card.html as it was, an include with its tags
    card = (
        "{% load wagtailimages_tags shop_format %}"
        "{% url 'catalog:detail' sku.pk as detail_url %}"
        '<li class="goods-card">\n'
        '  <a href="{{ detail_url }}">'
        '{% image sku.image fill-300x300 alt=sku.name loading="lazy" %}</a>\n'
        '  <h4 class="goods-card__name"><a href="{{ detail_url }}">{{ sku.name }}</a></h4>\n'
        '  <div class="goods-card__meta"><span class="price goods-card__price">'
        '{{ sku.price|yuan }}</span><span class="goods-card__unit">/{{ sku.unit }}</span>\n'
        '    <button type="button" class="goods-card__add" data-add-to-cart '
        'data-sku-id="{{ sku.pk }}" data-url="{% url \'shop:cart_add\' %}" '
        'aria-label="加入购物车：{{ sku.name }}">+</button></div>\n'
        '  <small class="add-status" data-add-status aria-live="polite"></small>\n'
        "</li>\n"
    )
    template = "{% for sku in skus %}" + card + "{% endfor %}"
    expected = render(template, skus=skus)
    loaded = list(GoodsSKU.objects.with_card_picture().order_by("id"))
    assert render("{% load catalog_cards %}{% goods_cards skus %}", skus=loaded) == expected
    one = render('{% include "catalog/includes/goods_card.html" %}', sku=skus[0])
    assert expected.startswith(one)
    link = render("{% load catalog_cards %}{{ sku.pk|goods_url }}", sku=skus[1])
    assert link == reverse("catalog:detail", args=[skus[1].pk])

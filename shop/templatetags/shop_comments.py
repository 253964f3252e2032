"""Shoppers' comments on a goods page: the shop registers this for the catalog's detail
template, so the catalog shows them without importing the shop."""

from django import template

from ..selectors import sku_comments

register = template.Library()


@register.inclusion_tag("shop/includes/goods_comments.html")
def goods_comments(sku_id: int) -> dict:
    return {"comments": sku_comments(sku_id=sku_id)}

"""Pictures from the renditions loaded with a page's rows: ``{% picture image "fill-1x1" alt=… %}``.

Writes the same ``<img>`` as Wagtail's ``{% image %}`` (``Rendition.img_tag``). Wagtail's tag
parses the filter spec, walks the image's renditions and builds the tag's attributes again for
every picture — a fifth of a list page's render; this finds the rendition the page's query
already loaded (``catalog.renditions``) and falls back to Wagtail's ``get_rendition`` when
there is none (a new picture, an SVG, an image loaded without its renditions).
"""

from __future__ import annotations

import html
from functools import cache

from django import template
from django.apps import apps
from django.utils.safestring import SafeString, mark_safe
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found

register = template.Library()


@cache
def _filter(spec: str) -> Filter:
    return Filter(spec=spec)


def prefetched_rendition(image, spec: str):
    """The rendition of ``image`` in ``spec`` loaded with it, or None: Wagtail's
    ``find_existing_renditions`` rule (filter spec and focal point key) without its lookups."""
    renditions = getattr(image, "prefetched_renditions", None)
    if not renditions or image.file.name.lower().endswith(".svg"):
        return None  # SVGs are rendered with another spec: Wagtail knows which
    focal_point_key = None
    for rendition in renditions:
        if rendition.filter_spec == spec:
            if focal_point_key is None:
                focal_point_key = _filter(spec).get_cache_key(image)
            if rendition.focal_point_key == focal_point_key:
                return rendition
    return None


def img_html(rendition, attrs: dict) -> SafeString:
    """``Rendition.img_tag(attrs)``: the same attributes in the same order."""
    tag_attrs = {
        "src": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": None,  # its place: the template's alt, or the image's own
        **apps.get_app_config("wagtailimages").default_attrs,
        **attrs,
    }
    if "alt" not in attrs:
        tag_attrs["alt"] = rendition.alt
    return mark_safe(f"<img{_flatatt(tag_attrs)}>")  # noqa: S308 - every value is escaped


def _escape(value) -> str:
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _flatatt(attrs: dict) -> str:
    """Django's ``flatatt`` (sorted names, values escaped as ``format_html`` does, true
    booleans bare, after the rest) without its ``format_html`` call for every attribute."""
    pairs = sorted(
        (name, value)
        for name, value in attrs.items()
        if value is not None and not isinstance(value, bool)
    )
    flags = sorted(name for name, value in attrs.items() if value is True)
    return "".join(f' {_escape(name)}="{_escape(value)}"' for name, value in pairs) + "".join(
        f" {_escape(name)}" for name in flags
    )


@register.simple_tag
def picture(image, spec: str, **attrs) -> str:
    """``image`` in the rendition ``spec`` as an ``<img>``; nothing for no image."""
    if not image:
        return ""
    rendition = prefetched_rendition(image, spec)
    if rendition is None:
        return get_rendition_or_not_found(image, _filter(spec)).img_tag(attrs)
    return img_html(rendition, attrs)

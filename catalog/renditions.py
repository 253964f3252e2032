"""Picture sizes the catalog shows, and loading them with the rows that show them."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model

CARD_RENDITION = "fill-300x300"
DETAIL_RENDITION = "fill-600x600"
THUMB_RENDITION = "fill-100x100"


def with_renditions(queryset: QuerySet, image_field: str, *specs: str) -> QuerySet:
    """Join ``image_field`` and prefetch its renditions: two queries however many rows."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    return queryset.select_related(image_field).prefetch_related(
        Prefetch(f"{image_field}__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )

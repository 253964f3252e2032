"""Picture sizes the catalog shows, and loading them with the rows that show them."""

from __future__ import annotations

from collections.abc import Iterable

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


def pictures_load(pictures: Iterable[tuple[int | None, str]]) -> dict[int, object]:
    """The images of many ``(image id, spec)`` pictures by id, each with its renditions in those
    specs, from one query on the renditions (joined to their image): a page that shows only
    renditions need not load the images first. Images none of whose renditions exist yet (a
    new picture, its renditions made on its first render) cost one more query, only then.
    ``None`` ids are skipped."""
    wanted = [(image_id, spec) for image_id, spec in pictures if image_id is not None]
    if not wanted:
        return {}
    image_model = get_image_model()
    ids = {image_id for image_id, _ in wanted}
    renditions = image_model.get_rendition_model().objects.filter(
        image_id__in=ids, filter_spec__in={spec for _, spec in wanted}
    )
    images = {}
    for rendition in renditions.select_related("image"):
        image = images.get(rendition.image_id)
        if image is None:
            image = images[rendition.image_id] = rendition.image
            image.prefetched_renditions = []
        rendition.image = image  # one instance an image, as a prefetch makes
        image.prefetched_renditions.append(rendition)
    if ids - images.keys():
        for image in image_model.objects.filter(pk__in=ids - images.keys()):
            image.prefetched_renditions = []
            images[image.pk] = image
    return images

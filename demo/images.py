"""The demo collection's Wagtail images, found by title and drawn only when missing, so a
second run of ``seed_demo`` adds none."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Collection

from .report import SeedReport

DEMO_COLLECTION = "演示数据"


class DemoImages:
    """The demo collection's images by title: found when they exist, drawn when they don't."""

    def __init__(self, *, report: SeedReport):
        self.report = report
        self.collection = demo_collection_ensure()
        self.model = get_image_model()
        self.by_title = {
            image.title: image for image in self.model.objects.filter(collection=self.collection)
        }

    def get(self, *, title: str, filename: str, draw: Callable[[], bytes]) -> AbstractImage:
        image = self.by_title.get(title)
        if image is None:
            data = draw()
            image = self.model(
                title=title,
                collection=self.collection,
                file=ImageFile(BytesIO(data), name=f"{filename}.png"),
                file_size=len(data),
                file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
            )
            image.save()
            self.by_title[title] = image
            self.report.images_created += 1
        return image


def demo_collection_ensure() -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=DEMO_COLLECTION).first()
    return collection or root.add_child(name=DEMO_COLLECTION)


def image_filename(*parts: str) -> str:
    """The upload's name (without ".png"): ASCII, from the English words."""
    return "demo-" + "-".join(slugify(part.replace(".", "-")) for part in parts)

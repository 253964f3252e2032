"""The shapes a demo picture can show, by name."""

from ..paint import Shape
from . import animals, dishes, plants

SHAPES: dict[str, Shape] = {**plants.SHAPES, **animals.SHAPES, **dishes.SHAPES}

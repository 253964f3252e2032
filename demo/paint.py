"""Colours and the small drawing pieces that the shapes and the pictures share."""

from __future__ import annotations

from collections.abc import Callable

from PIL import ImageDraw

RGB = tuple[int, int, int]
Draw = ImageDraw.ImageDraw
# Each shape draws around (x, y) within radius r, in canvas pixels, filled with a colour.
Shape = Callable[[Draw, float, float, float, RGB], None]

INK = (45, 45, 45)
WHITE = (255, 255, 255)


def rgb(colour: str) -> RGB:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def lighter(colour: RGB, t: float) -> RGB:
    return mix(colour, WHITE, t)


def darker(colour: RGB, t: float) -> RGB:
    return mix(colour, (0, 0, 0), t)


def edge(colour: RGB) -> RGB:
    """The darker colour a shape's outline is drawn in."""
    return darker(colour, 0.35)


def line_width(r: float) -> int:
    return max(2, round(r / 40))


def shine(d: Draw, x: float, y: float, r: float, colour: RGB) -> None:
    d.ellipse(box(x - r * 0.35, y - r * 0.4, r * 0.22, r * 0.13), fill=lighter(colour, 0.55))


def box(x: float, y: float, r: float, ry: float | None = None) -> tuple[float, float, float, float]:
    ry = r if ry is None else ry
    return (x - r, y - ry, x + r, y + ry)

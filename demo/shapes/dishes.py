"""Frozen and prepared food, and plain polygons."""

from __future__ import annotations

import math

from ..paint import RGB, Draw, Shape, box, darker, edge, line_width, shine


def _balls(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.chord(
        box(x, y + r * 0.15, r * 1.0, r * 0.75),
        0,
        180,
        fill=(240, 240, 245),
        outline=(120, 120, 140),
        width=line_width(r),
    )
    for bx, by in ((-0.42, 0.0), (0.42, 0.0), (0.0, -0.3), (-0.2, 0.12), (0.22, 0.14)):
        cx, cy = x + bx * r, y + by * r
        d.ellipse(box(cx, cy, r * 0.3), fill=c, outline=edge(c), width=line_width(r))
        shine(d, cx, cy, r * 0.3, c)


def _dumpling(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.chord(
        box(x, y + r * 0.55, r * 1.0, r * 0.9),
        180,
        360,
        fill=c,
        outline=edge(c),
        width=line_width(r),
    )
    for step in range(-3, 4):
        px = x + step * r * 0.22
        top = y + r * 0.55 - math.sqrt(max(0.0, 1 - (step * 0.22) ** 2)) * r * 0.9
        d.arc(
            box(px, top + r * 0.12, r * 0.1, r * 0.12),
            200,
            340,
            fill=edge(c),
            width=line_width(r),
        )
    d.line([(x - r, y + r * 0.55), (x + r, y + r * 0.55)], fill=edge(c), width=line_width(r))


def _sticks(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for index in range(7):
        sx = x - r * 0.5 + index * r * 0.165
        top = y - r * (0.75 + 0.2 * ((index * 37) % 3))
        d.rounded_rectangle(
            (sx - r * 0.06, top, sx + r * 0.06, y + r * 0.2),
            radius=r * 0.03,
            fill=c,
            outline=edge(c),
            width=line_width(r),
        )
    d.polygon(
        [
            (x - r * 0.7, y - r * 0.1),
            (x + r * 0.7, y - r * 0.1),
            (x + r * 0.55, y + r),
            (x - r * 0.55, y + r),
        ],
        fill=(215, 50, 45),
        outline=(150, 30, 30),
        width=line_width(r),
    )


def _cone(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    waffle = (215, 160, 90)
    d.polygon(
        [(x - r * 0.45, y - r * 0.05), (x + r * 0.45, y - r * 0.05), (x, y + r)],
        fill=waffle,
        outline=(150, 100, 50),
        width=line_width(r),
    )
    for step in range(1, 4):
        d.line(
            [
                (x - r * 0.45 + step * r * 0.22, y - r * 0.05),
                (x + r * (0.1 - step * 0.03), y + r * 0.8),
            ],
            fill=(150, 100, 50),
            width=line_width(r),
        )
    d.ellipse(
        box(x, y - r * 0.35, r * 0.52, r * 0.48), fill=c, outline=edge(c), width=line_width(r)
    )
    d.ellipse(box(x + r * 0.05, y - r * 0.88, r * 0.1), fill=(210, 30, 60))
    shine(d, x, y - r * 0.35, r * 0.5, c)


def _nuggets(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for bx, by, size in ((-0.4, 0.25, 0.38), (0.4, 0.3, 0.36), (0.0, -0.3, 0.42)):
        cx, cy = x + bx * r, y + by * r
        d.rounded_rectangle(
            box(cx, cy, size * r, size * r * 0.8),
            radius=size * r * 0.45,
            fill=c,
            outline=edge(c),
            width=line_width(r),
        )
        for sx, sy in ((-0.1, -0.1), (0.12, 0.05), (-0.02, 0.15)):
            d.ellipse(box(cx + sx * r, cy + sy * r, r * 0.03), fill=darker(c, 0.25))


def _polygon(sides: int, *, star: bool = False) -> Shape:
    def draw(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
        count = sides * 2 if star else sides
        points = []
        for step in range(count):
            a = -math.pi / 2 + 2 * math.pi * step / count
            radius = r * (0.45 if star and step % 2 else 0.95)
            points.append((x + radius * math.cos(a), y + radius * math.sin(a)))
        d.polygon(points, fill=c, outline=edge(c), width=line_width(r))
        shine(d, x, y, r * 0.8, c)

    return draw


SHAPES: dict[str, Shape] = {
    "balls": _balls,
    "cone": _cone,
    "dumpling": _dumpling,
    "hexagon": _polygon(6),
    "nuggets": _nuggets,
    "star": _polygon(5, star=True),
    "sticks": _sticks,
}

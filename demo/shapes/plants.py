"""Fruit and vegetables."""

from __future__ import annotations

import math

from ..paint import RGB, Draw, Shape, box, edge, lighter, line_width, shine

LEAF_GREEN = (76, 153, 60)


def _leaf(
    d: Draw, x: float, y: float, length: float, angle: float, colour: RGB = LEAF_GREEN
) -> None:
    points = []
    for step in range(21):
        t = step / 20
        along = t * length
        across = math.sin(math.pi * t) * length * 0.28
        points.append((along, across))
    points += [(along, -across) for along, across in reversed(points)]
    cos, sin = math.cos(angle), math.sin(angle)
    polygon = [(x + a * cos - b * sin, y + a * sin + b * cos) for a, b in points]
    d.polygon(polygon, fill=colour, outline=edge(colour), width=max(2, round(length / 30)))


def _circle(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.line(
        [(x, y - r * 0.85), (x + r * 0.08, y - r * 1.15)],
        fill=(110, 80, 50),
        width=line_width(r) * 3,
    )
    d.ellipse(box(x, y, r), fill=c, outline=edge(c), width=line_width(r))
    _leaf(d, x + r * 0.08, y - r * 1.05, r * 0.5, -0.5)
    shine(d, x, y, r, c)


def _heart(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    points = []
    for step in range(80):
        t = 2 * math.pi * step / 80
        px = 16 * math.sin(t) ** 3
        py = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((x + px * r / 17, y - py * r / 17 + r * 0.1))
    # a strawberry: a heart with seeds and leaves on top
    d.polygon(points, fill=c, outline=edge(c), width=line_width(r))
    for row in range(4):
        for col in range(-3, 4):
            sx = x + col * r * 0.26 + (row % 2) * r * 0.13
            sy = y - r * 0.25 + row * r * 0.25
            if abs(sx - x) < r * (0.75 - row * 0.16):
                d.ellipse(box(sx, sy, r * 0.035, r * 0.055), fill=(255, 236, 150))
    for angle in (-2.8, -2.2, -1.57, -0.95, -0.35):
        _leaf(d, x, y - r * 0.5, r * 0.45, angle)


def _crescent(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    outer = [
        (x + 1.25 * r * math.cos(a), y - 0.55 * r + 1.25 * r * math.sin(a))
        for a in [math.radians(20 + step * 1.4) for step in range(101)]
    ]
    inner = [
        (x + 1.15 * r * math.cos(a), y - 0.95 * r + 1.15 * r * math.sin(a))
        for a in [math.radians(160 - step * 1.4) for step in range(101)]
    ]
    d.polygon(outer + inner, fill=c, outline=edge(c), width=line_width(r))
    d.line(
        [outer[-1], (outer[-1][0] - r * 0.15, outer[-1][1] - r * 0.2)],
        fill=(90, 70, 30),
        width=line_width(r) * 3,
    )


def _cluster(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    small = r * 0.2
    for row, count in enumerate((4, 3, 2, 1)):
        for index in range(count):
            bx = x + (index - (count - 1) / 2) * small * 2.05
            by = y - r * 0.45 + row * small * 1.8
            d.ellipse(box(bx, by, small), fill=c, outline=edge(c), width=line_width(r))
            shine(d, bx, by, small, c)
    d.line(
        [(x, y - r * 0.65), (x + r * 0.05, y - r * 0.95)],
        fill=(110, 80, 50),
        width=line_width(r) * 3,
    )
    _leaf(d, x + r * 0.05, y - r * 0.85, r * 0.55, -0.3)


def _oval(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.ellipse(box(x - r * 0.9, y, r * 0.15, r * 0.1), fill=edge(c))
    d.ellipse(box(x + r * 0.9, y, r * 0.15, r * 0.1), fill=edge(c))
    d.ellipse(box(x, y, r * 0.9, r * 0.65), fill=c, outline=edge(c), width=line_width(r))
    shine(d, x, y, r * 0.8, c)


def _long(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    start, end = (x - r * 0.75, y + r * 0.55), (x + r * 0.75, y - r * 0.55)
    width = r * 0.42
    d.line([start, end], fill=edge(c), width=round(width + 2 * line_width(r)))
    for px, py in (start, end):
        d.ellipse(box(px, py, width / 2 + line_width(r)), fill=edge(c))
    d.line([start, end], fill=c, width=round(width))
    for px, py in (start, end):
        d.ellipse(box(px, py, width / 2), fill=c)
    for step in range(1, 8):
        t = step / 8
        d.ellipse(
            box(
                start[0] + (end[0] - start[0]) * t,
                start[1] + (end[1] - start[1]) * t + r * 0.05,
                r * 0.03,
            ),
            fill=lighter(c, 0.5),
        )


def _cloud(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.polygon(
        [
            (x - r * 0.2, y),
            (x + r * 0.2, y),
            (x + r * 0.12, y + r * 0.9),
            (x - r * 0.12, y + r * 0.9),
        ],
        fill=(170, 210, 120),
        outline=edge(c),
        width=line_width(r),
    )
    for bx, by, br in (
        (-0.5, -0.1, 0.35),
        (0.5, -0.1, 0.35),
        (-0.25, -0.45, 0.38),
        (0.25, -0.45, 0.38),
        (0.0, -0.05, 0.4),
    ):
        d.ellipse(box(x + bx * r, y + by * r, br * r), fill=c, outline=edge(c), width=line_width(r))


def _carrot(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for angle in (-2.1, -1.57, -1.0):
        _leaf(d, x, y - r * 0.6, r * 0.55, angle)
    d.polygon(
        [(x - r * 0.35, y - r * 0.6), (x + r * 0.35, y - r * 0.6), (x, y + r * 1.0)],
        fill=c,
        outline=edge(c),
        width=line_width(r),
    )
    for step in range(1, 4):
        ly = y - r * 0.6 + step * r * 0.35
        d.line([(x - r * 0.22 + step * r * 0.06, ly), (x, ly)], fill=edge(c), width=line_width(r))


def _leafy(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for angle, length in ((-2.3, 1.0), (-0.85, 1.0), (-1.57, 1.15)):
        _leaf(d, x, y + r * 0.75, r * length, angle, c)
    d.line([(x, y + r * 0.75), (x, y - r * 0.3)], fill=lighter(c, 0.5), width=line_width(r) * 2)


def _mushroom(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    stem = (245, 235, 215)
    d.rounded_rectangle(
        (x - r * 0.22, y - r * 0.1, x + r * 0.22, y + r * 0.8),
        radius=r * 0.1,
        fill=stem,
        outline=(170, 150, 120),
        width=line_width(r),
    )
    d.chord(box(x, y, r * 0.95, r * 0.75), 180, 360, fill=c, outline=edge(c), width=line_width(r))
    for sx, sy in ((-0.45, -0.3), (0.1, -0.5), (0.5, -0.25), (-0.1, -0.2)):
        d.ellipse(box(x + sx * r, y + sy * r, r * 0.08), fill=lighter(c, 0.5))


SHAPES: dict[str, Shape] = {
    "carrot": _carrot,
    "circle": _circle,
    "cloud": _cloud,
    "cluster": _cluster,
    "crescent": _crescent,
    "heart": _heart,
    "leafy": _leafy,
    "long": _long,
    "mushroom": _mushroom,
    "oval": _oval,
}

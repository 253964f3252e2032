"""Seafood, meat, poultry and eggs."""

from __future__ import annotations

import math

from ..paint import INK, RGB, WHITE, Draw, Shape, box, darker, edge, line_width, shine


def _fish(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    tail = [(x + r * 0.65, y), (x + r * 1.05, y - r * 0.45), (x + r * 1.05, y + r * 0.45)]
    d.polygon(tail, fill=darker(c, 0.1), outline=edge(c), width=line_width(r))
    d.ellipse(box(x - r * 0.1, y, r * 0.85, r * 0.45), fill=c, outline=edge(c), width=line_width(r))
    d.polygon(
        [(x - r * 0.3, y - r * 0.4), (x, y - r * 0.7), (x + r * 0.25, y - r * 0.38)],
        fill=darker(c, 0.1),
    )
    d.ellipse(
        box(x - r * 0.6, y - r * 0.08, r * 0.08), fill=WHITE, outline=INK, width=line_width(r)
    )
    d.ellipse(box(x - r * 0.6, y - r * 0.08, r * 0.035), fill=INK)
    d.arc(box(x - r * 0.3, y, r * 0.3, r * 0.35), 300, 60, fill=edge(c), width=line_width(r))


def _crab(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    w = line_width(r) * 3
    for side in (-1, 1):
        for index in range(3):
            sy = y + r * (0.0 + index * 0.18)
            d.line(
                [(x + side * r * 0.5, sy), (x + side * r * 0.95, sy + r * 0.25)],
                fill=edge(c),
                width=w,
            )
        d.line(
            [(x + side * r * 0.45, y - r * 0.2), (x + side * r * 0.75, y - r * 0.6)],
            fill=edge(c),
            width=w,
        )
        d.pieslice(box(x + side * r * 0.78, y - r * 0.72, r * 0.2), 0, 300, fill=c, outline=edge(c))
    d.ellipse(
        box(x, y + r * 0.05, r * 0.65, r * 0.42), fill=c, outline=edge(c), width=line_width(r)
    )
    for side in (-1, 1):
        d.line(
            [(x + side * r * 0.15, y - r * 0.3), (x + side * r * 0.18, y - r * 0.48)],
            fill=INK,
            width=w // 2,
        )
        d.ellipse(box(x + side * r * 0.18, y - r * 0.5, r * 0.06), fill=INK)
    shine(d, x, y + r * 0.1, r * 0.6, c)


def _shrimp(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.arc(box(x, y, r * 0.7), 200, 500, fill=c, width=round(r * 0.38))
    d.arc(box(x, y, r * 0.89), 200, 500, fill=edge(c), width=line_width(r))
    d.arc(box(x, y, r * 0.51), 200, 500, fill=edge(c), width=line_width(r))
    for degrees in range(230, 500, 36):
        a = math.radians(degrees)
        d.line(
            [
                (x + r * 0.51 * math.cos(a), y + r * 0.51 * math.sin(a)),
                (x + r * 0.89 * math.cos(a), y + r * 0.89 * math.sin(a)),
            ],
            fill=edge(c),
            width=line_width(r),
        )
    a = math.radians(200)
    tx, ty = x + r * 0.7 * math.cos(a), y + r * 0.7 * math.sin(a)
    d.polygon(
        [
            (tx, ty),
            (tx - r * 0.35, ty - r * 0.35),
            (tx - r * 0.1, ty + r * 0.05),
            (tx - r * 0.4, ty + r * 0.25),
        ],
        fill=darker(c, 0.1),
    )
    a = math.radians(140)
    hx, hy = x + r * 0.7 * math.cos(a), y + r * 0.7 * math.sin(a)
    d.ellipse(box(hx, hy, r * 0.05), fill=INK)
    d.line([(hx, hy), (hx - r * 0.5, hy + r * 0.4)], fill=edge(c), width=line_width(r))


def _fan(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.rectangle(
        box(x, y + r * 0.62, r * 0.22, r * 0.16), fill=c, outline=edge(c), width=line_width(r)
    )
    d.pieslice(
        box(x, y + r * 0.55, r * 1.0), 200, 340, fill=c, outline=edge(c), width=line_width(r)
    )
    for degrees in range(210, 340, 16):
        a = math.radians(degrees)
        d.line(
            [(x, y + r * 0.55), (x + r * math.cos(a), y + r * 0.55 + r * math.sin(a))],
            fill=edge(c),
            width=line_width(r),
        )


def _steak(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    points = [
        (x + r * rx * math.cos(a), y + r * ry * math.sin(a))
        for a, rx, ry in [
            (math.radians(step * 15), 0.95 if step % 5 else 0.85, 0.7 + 0.08 * math.sin(step))
            for step in range(24)
        ]
    ]
    d.polygon(points, fill=c, outline=(250, 240, 225), width=round(r * 0.08))
    d.arc(
        box(x - r * 0.1, y + r * 0.1, r * 0.5, r * 0.35),
        190,
        330,
        fill=(250, 240, 225),
        width=round(r * 0.07),
    )
    d.ellipse(box(x + r * 0.35, y - r * 0.05, r * 0.12), fill=(250, 240, 225))


def _slab(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    top, bottom = y - r * 0.6, y + r * 0.6
    d.rounded_rectangle(
        (x - r, top, x + r, bottom),
        radius=r * 0.12,
        fill=(250, 236, 228),
        outline=edge(c),
        width=line_width(r),
    )
    for index in range(3):
        band = top + r * (0.15 + index * 0.4)
        d.rectangle((x - r + r * 0.05, band, x + r - r * 0.05, band + r * 0.22), fill=c)
    d.rectangle(
        (x - r + r * 0.05, top + r * 0.03, x + r - r * 0.05, top + r * 0.1), fill=(160, 90, 60)
    )


def _spiral(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for index, radius in enumerate((1.0, 0.8, 0.6, 0.4, 0.2)):
        fill = c if index % 2 == 0 else (250, 240, 230)
        d.ellipse(box(x, y, r * radius * 0.85), fill=fill, outline=edge(c), width=line_width(r))


def _egg_points(x: float, y: float, r: float) -> list[tuple[float, float]]:
    points = []
    for step in range(72):
        t = 2 * math.pi * step / 72
        width = 0.72 * (1 + 0.12 * math.sin(t))
        points.append((x + r * width * math.cos(t), y + r * 0.95 * math.sin(t)))
    return points


def _egg(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.polygon(_egg_points(x, y, r), fill=c, outline=edge(c), width=line_width(r))
    shine(d, x, y, r * 0.9, c)


def _eggs(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for dx in (-0.45, 0.45):
        d.polygon(
            _egg_points(x + dx * r, y + r * 0.1, r * 0.55),
            fill=c,
            outline=edge(c),
            width=line_width(r),
        )
    d.polygon(_egg_points(x, y - r * 0.1, r * 0.62), fill=c, outline=edge(c), width=line_width(r))
    for sx, sy in ((-0.1, -0.3), (0.15, 0.05), (-0.2, 0.2), (0.1, -0.45), (0.25, 0.3)):
        d.ellipse(box(x + sx * r, y + sy * r, r * 0.045), fill=darker(c, 0.45))


def _drumstick(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    bone = (245, 240, 225)
    d.line([(x, y), (x + r * 0.7, y + r * 0.7)], fill=bone, width=round(r * 0.2))
    for bx, by in ((0.78, 0.62), (0.62, 0.78)):
        d.ellipse(
            box(x + bx * r, y + by * r, r * 0.14),
            fill=bone,
            outline=(180, 170, 150),
            width=line_width(r),
        )
    d.ellipse(
        box(x - r * 0.2, y - r * 0.2, r * 0.62, r * 0.55),
        fill=c,
        outline=edge(c),
        width=line_width(r),
    )
    shine(d, x - r * 0.2, y - r * 0.2, r * 0.55, c)


SHAPES: dict[str, Shape] = {
    "crab": _crab,
    "drumstick": _drumstick,
    "egg": _egg,
    "eggs": _eggs,
    "fan": _fan,
    "fish": _fish,
    "shrimp": _shrimp,
    "slab": _slab,
    "spiral": _spiral,
    "steak": _steak,
}

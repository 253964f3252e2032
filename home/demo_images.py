"""Pictures for the demo data, drawn with Pillow: a coloured shape on a soft background, labelled.

Every picture is drawn at twice its size and shrunk, for smooth edges. Labels are Chinese when
a CJK font is installed, English otherwise (Pillow's built-in font has no CJK glyphs).
"""

from __future__ import annotations

import functools
import io
import math
import os
import shutil
import subprocess
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont

SCALE = 2
INK = (45, 45, 45)
WHITE = (255, 255, 255)

CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)

RGB = tuple[int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


# --- Fonts and labels ------------------------------------------------------------------------
def _font_loads(path: str) -> bool:
    try:
        ImageFont.truetype(path, 16)
    except OSError:
        return False
    return True


@functools.cache
def cjk_font_path() -> str | None:
    """A font file that draws Chinese, or None: known paths first, then fontconfig."""
    for path in CJK_FONT_CANDIDATES:
        if os.path.exists(path) and _font_loads(path):
            return path
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listing = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in sorted(listing.splitlines()):
        path = line.split(":", 1)[0].strip()
        if path and _font_loads(path):
            return path
    return None


def has_cjk_font() -> bool:
    return cjk_font_path() is not None


def label_for(*, chinese: str, english: str) -> str:
    """The text a picture can show: Chinese when a CJK font is at hand."""
    return chinese if has_cjk_font() else english


@functools.cache
def _font(size: int) -> Font:
    path = cjk_font_path()
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _fitting_font(draw: ImageDraw.ImageDraw, text: str, *, max_width: float, size: int) -> Font:
    while size > 10 and draw.textlength(text, font=_font(size)) > max_width:
        size = int(size * 0.9)
    return _font(size)


# --- Colours ---------------------------------------------------------------------------------
def rgb(colour: str) -> RGB:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _lighter(colour: RGB, t: float) -> RGB:
    return _mix(colour, WHITE, t)


def _darker(colour: RGB, t: float) -> RGB:
    return _mix(colour, (0, 0, 0), t)


# --- Canvas ----------------------------------------------------------------------------------
class _Canvas:
    """A picture drawn at ``SCALE`` times its size; coordinates are in picture pixels."""

    def __init__(self, width: int, height: int, *, top: RGB, bottom: RGB):
        self.width, self.height = width, height
        size = (width * SCALE, height * SCALE)
        # a one-pixel-wide ramp stretched sideways: as smooth as a full gradient, far cheaper
        gradient = (
            Image.linear_gradient("L").crop((0, 0, 1, 256)).resize(size, Image.Resampling.BILINEAR)
        )
        self.image = Image.composite(
            Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient
        )
        self.draw = ImageDraw.Draw(self.image)

    def dots(self, colour: RGB, *, seed: str, count: int = 14) -> None:
        """Faint confetti in the background, laid out differently for every picture."""
        state = sum(ord(char) * (index + 1) for index, char in enumerate(seed)) or 1
        for _ in range(count):
            state = (state * 1103515245 + 12345) % 2**31
            x = state % self.width
            state = (state * 1103515245 + 12345) % 2**31
            y = state % self.height
            r = 4 + state % 11
            self.draw.ellipse(_box(x, y, r), fill=colour)

    def text(
        self,
        text: str,
        *,
        x: float,
        y: float,
        size: int,
        max_width: float,
        fill: RGB = INK,
        anchor: str = "mm",
    ) -> None:
        font = _fitting_font(self.draw, text, max_width=max_width * SCALE, size=size * SCALE)
        self.draw.text((x * SCALE, y * SCALE), text, font=font, fill=fill, anchor=anchor)

    def pill(
        self, text: str, *, x: float, y: float, size: int, max_width: float, fill: RGB
    ) -> None:
        """``text`` on a rounded white label centred at (x, y)."""
        font = _fitting_font(
            self.draw, text, max_width=(max_width - 2 * size) * SCALE, size=size * SCALE
        )
        width = self.draw.textlength(text, font=font) / SCALE + 1.6 * size
        height = size * 1.7
        self.draw.rounded_rectangle(
            _scaled((x - width / 2, y - height / 2, x + width / 2, y + height / 2)),
            radius=height / 2 * SCALE,
            fill=WHITE,
            outline=fill,
            width=3 * SCALE,
        )
        self.draw.text((x * SCALE, y * SCALE), text, font=font, fill=INK, anchor="mm")

    def shape(self, shape: str, *, x: float, y: float, r: float, colour: RGB) -> None:
        SHAPES.get(shape, _circle)(self.draw, x * SCALE, y * SCALE, r * SCALE, colour)

    def png(self) -> bytes:
        picture = self.image.reduce(SCALE)  # a box filter: the edges come out smooth
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        return buffer.getvalue()


def _box(
    x: float, y: float, r: float, ry: float | None = None
) -> tuple[float, float, float, float]:
    ry = r if ry is None else ry
    return (x - r, y - ry, x + r, y + ry)


def _scaled(box: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(value * SCALE for value in box)


# --- Shapes: each draws around (x, y) within radius r, in canvas pixels ----------------------
Draw = ImageDraw.ImageDraw
LEAF_GREEN = (76, 153, 60)


def _outline(colour: RGB) -> RGB:
    return _darker(colour, 0.35)


def _line_width(r: float) -> int:
    return max(2, round(r / 40))


def _shine(d: Draw, x: float, y: float, r: float, colour: RGB) -> None:
    d.ellipse(_box(x - r * 0.35, y - r * 0.4, r * 0.22, r * 0.13), fill=_lighter(colour, 0.55))


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
    d.polygon(polygon, fill=colour, outline=_outline(colour), width=max(2, round(length / 30)))


def _circle(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.line(
        [(x, y - r * 0.85), (x + r * 0.08, y - r * 1.15)],
        fill=(110, 80, 50),
        width=_line_width(r) * 3,
    )
    d.ellipse(_box(x, y, r), fill=c, outline=_outline(c), width=_line_width(r))
    _leaf(d, x + r * 0.08, y - r * 1.05, r * 0.5, -0.5)
    _shine(d, x, y, r, c)


def _heart(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    points = []
    for step in range(80):
        t = 2 * math.pi * step / 80
        px = 16 * math.sin(t) ** 3
        py = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((x + px * r / 17, y - py * r / 17 + r * 0.1))
    # a strawberry: a heart with seeds and leaves on top
    d.polygon(points, fill=c, outline=_outline(c), width=_line_width(r))
    for row in range(4):
        for col in range(-3, 4):
            sx = x + col * r * 0.26 + (row % 2) * r * 0.13
            sy = y - r * 0.25 + row * r * 0.25
            if abs(sx - x) < r * (0.75 - row * 0.16):
                d.ellipse(_box(sx, sy, r * 0.035, r * 0.055), fill=(255, 236, 150))
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
    d.polygon(outer + inner, fill=c, outline=_outline(c), width=_line_width(r))
    d.line(
        [outer[-1], (outer[-1][0] - r * 0.15, outer[-1][1] - r * 0.2)],
        fill=(90, 70, 30),
        width=_line_width(r) * 3,
    )


def _cluster(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    small = r * 0.2
    for row, count in enumerate((4, 3, 2, 1)):
        for index in range(count):
            bx = x + (index - (count - 1) / 2) * small * 2.05
            by = y - r * 0.45 + row * small * 1.8
            d.ellipse(_box(bx, by, small), fill=c, outline=_outline(c), width=_line_width(r))
            _shine(d, bx, by, small, c)
    d.line(
        [(x, y - r * 0.65), (x + r * 0.05, y - r * 0.95)],
        fill=(110, 80, 50),
        width=_line_width(r) * 3,
    )
    _leaf(d, x + r * 0.05, y - r * 0.85, r * 0.55, -0.3)


def _oval(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.ellipse(_box(x - r * 0.9, y, r * 0.15, r * 0.1), fill=_outline(c))
    d.ellipse(_box(x + r * 0.9, y, r * 0.15, r * 0.1), fill=_outline(c))
    d.ellipse(_box(x, y, r * 0.9, r * 0.65), fill=c, outline=_outline(c), width=_line_width(r))
    _shine(d, x, y, r * 0.8, c)


def _fish(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    tail = [(x + r * 0.65, y), (x + r * 1.05, y - r * 0.45), (x + r * 1.05, y + r * 0.45)]
    d.polygon(tail, fill=_darker(c, 0.1), outline=_outline(c), width=_line_width(r))
    d.ellipse(
        _box(x - r * 0.1, y, r * 0.85, r * 0.45), fill=c, outline=_outline(c), width=_line_width(r)
    )
    d.polygon(
        [(x - r * 0.3, y - r * 0.4), (x, y - r * 0.7), (x + r * 0.25, y - r * 0.38)],
        fill=_darker(c, 0.1),
    )
    d.ellipse(
        _box(x - r * 0.6, y - r * 0.08, r * 0.08), fill=WHITE, outline=INK, width=_line_width(r)
    )
    d.ellipse(_box(x - r * 0.6, y - r * 0.08, r * 0.035), fill=INK)
    d.arc(_box(x - r * 0.3, y, r * 0.3, r * 0.35), 300, 60, fill=_outline(c), width=_line_width(r))


def _crab(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    w = _line_width(r) * 3
    for side in (-1, 1):
        for index in range(3):
            sy = y + r * (0.0 + index * 0.18)
            d.line(
                [(x + side * r * 0.5, sy), (x + side * r * 0.95, sy + r * 0.25)],
                fill=_outline(c),
                width=w,
            )
        d.line(
            [(x + side * r * 0.45, y - r * 0.2), (x + side * r * 0.75, y - r * 0.6)],
            fill=_outline(c),
            width=w,
        )
        d.pieslice(
            _box(x + side * r * 0.78, y - r * 0.72, r * 0.2), 0, 300, fill=c, outline=_outline(c)
        )
    d.ellipse(
        _box(x, y + r * 0.05, r * 0.65, r * 0.42), fill=c, outline=_outline(c), width=_line_width(r)
    )
    for side in (-1, 1):
        d.line(
            [(x + side * r * 0.15, y - r * 0.3), (x + side * r * 0.18, y - r * 0.48)],
            fill=INK,
            width=w // 2,
        )
        d.ellipse(_box(x + side * r * 0.18, y - r * 0.5, r * 0.06), fill=INK)
    _shine(d, x, y + r * 0.1, r * 0.6, c)


def _shrimp(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.arc(_box(x, y, r * 0.7), 200, 500, fill=c, width=round(r * 0.38))
    d.arc(_box(x, y, r * 0.89), 200, 500, fill=_outline(c), width=_line_width(r))
    d.arc(_box(x, y, r * 0.51), 200, 500, fill=_outline(c), width=_line_width(r))
    for degrees in range(230, 500, 36):
        a = math.radians(degrees)
        d.line(
            [
                (x + r * 0.51 * math.cos(a), y + r * 0.51 * math.sin(a)),
                (x + r * 0.89 * math.cos(a), y + r * 0.89 * math.sin(a)),
            ],
            fill=_outline(c),
            width=_line_width(r),
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
        fill=_darker(c, 0.1),
    )
    a = math.radians(140)
    hx, hy = x + r * 0.7 * math.cos(a), y + r * 0.7 * math.sin(a)
    d.ellipse(_box(hx, hy, r * 0.05), fill=INK)
    d.line([(hx, hy), (hx - r * 0.5, hy + r * 0.4)], fill=_outline(c), width=_line_width(r))


def _fan(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.rectangle(
        _box(x, y + r * 0.62, r * 0.22, r * 0.16), fill=c, outline=_outline(c), width=_line_width(r)
    )
    d.pieslice(
        _box(x, y + r * 0.55, r * 1.0), 200, 340, fill=c, outline=_outline(c), width=_line_width(r)
    )
    for degrees in range(210, 340, 16):
        a = math.radians(degrees)
        d.line(
            [(x, y + r * 0.55), (x + r * math.cos(a), y + r * 0.55 + r * math.sin(a))],
            fill=_outline(c),
            width=_line_width(r),
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
        _box(x - r * 0.1, y + r * 0.1, r * 0.5, r * 0.35),
        190,
        330,
        fill=(250, 240, 225),
        width=round(r * 0.07),
    )
    d.ellipse(_box(x + r * 0.35, y - r * 0.05, r * 0.12), fill=(250, 240, 225))


def _slab(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    top, bottom = y - r * 0.6, y + r * 0.6
    d.rounded_rectangle(
        (x - r, top, x + r, bottom),
        radius=r * 0.12,
        fill=(250, 236, 228),
        outline=_outline(c),
        width=_line_width(r),
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
        d.ellipse(
            _box(x, y, r * radius * 0.85), fill=fill, outline=_outline(c), width=_line_width(r)
        )


def _balls(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.chord(
        _box(x, y + r * 0.15, r * 1.0, r * 0.75),
        0,
        180,
        fill=(240, 240, 245),
        outline=(120, 120, 140),
        width=_line_width(r),
    )
    for bx, by in ((-0.42, 0.0), (0.42, 0.0), (0.0, -0.3), (-0.2, 0.12), (0.22, 0.14)):
        cx, cy = x + bx * r, y + by * r
        d.ellipse(_box(cx, cy, r * 0.3), fill=c, outline=_outline(c), width=_line_width(r))
        _shine(d, cx, cy, r * 0.3, c)


def _egg_points(x: float, y: float, r: float) -> list[tuple[float, float]]:
    points = []
    for step in range(72):
        t = 2 * math.pi * step / 72
        width = 0.72 * (1 + 0.12 * math.sin(t))
        points.append((x + r * width * math.cos(t), y + r * 0.95 * math.sin(t)))
    return points


def _egg(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.polygon(_egg_points(x, y, r), fill=c, outline=_outline(c), width=_line_width(r))
    _shine(d, x, y, r * 0.9, c)


def _eggs(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for dx in (-0.45, 0.45):
        d.polygon(
            _egg_points(x + dx * r, y + r * 0.1, r * 0.55),
            fill=c,
            outline=_outline(c),
            width=_line_width(r),
        )
    d.polygon(
        _egg_points(x, y - r * 0.1, r * 0.62), fill=c, outline=_outline(c), width=_line_width(r)
    )
    for sx, sy in ((-0.1, -0.3), (0.15, 0.05), (-0.2, 0.2), (0.1, -0.45), (0.25, 0.3)):
        d.ellipse(_box(x + sx * r, y + sy * r, r * 0.045), fill=_darker(c, 0.45))


def _drumstick(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    bone = (245, 240, 225)
    d.line([(x, y), (x + r * 0.7, y + r * 0.7)], fill=bone, width=round(r * 0.2))
    for bx, by in ((0.78, 0.62), (0.62, 0.78)):
        d.ellipse(
            _box(x + bx * r, y + by * r, r * 0.14),
            fill=bone,
            outline=(180, 170, 150),
            width=_line_width(r),
        )
    d.ellipse(
        _box(x - r * 0.2, y - r * 0.2, r * 0.62, r * 0.55),
        fill=c,
        outline=_outline(c),
        width=_line_width(r),
    )
    _shine(d, x - r * 0.2, y - r * 0.2, r * 0.55, c)


def _long(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    start, end = (x - r * 0.75, y + r * 0.55), (x + r * 0.75, y - r * 0.55)
    width = r * 0.42
    d.line([start, end], fill=_outline(c), width=round(width + 2 * _line_width(r)))
    for px, py in (start, end):
        d.ellipse(_box(px, py, width / 2 + _line_width(r)), fill=_outline(c))
    d.line([start, end], fill=c, width=round(width))
    for px, py in (start, end):
        d.ellipse(_box(px, py, width / 2), fill=c)
    for step in range(1, 8):
        t = step / 8
        d.ellipse(
            _box(
                start[0] + (end[0] - start[0]) * t,
                start[1] + (end[1] - start[1]) * t + r * 0.05,
                r * 0.03,
            ),
            fill=_lighter(c, 0.5),
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
        outline=_outline(c),
        width=_line_width(r),
    )
    for bx, by, br in (
        (-0.5, -0.1, 0.35),
        (0.5, -0.1, 0.35),
        (-0.25, -0.45, 0.38),
        (0.25, -0.45, 0.38),
        (0.0, -0.05, 0.4),
    ):
        d.ellipse(
            _box(x + bx * r, y + by * r, br * r), fill=c, outline=_outline(c), width=_line_width(r)
        )


def _carrot(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for angle in (-2.1, -1.57, -1.0):
        _leaf(d, x, y - r * 0.6, r * 0.55, angle)
    d.polygon(
        [(x - r * 0.35, y - r * 0.6), (x + r * 0.35, y - r * 0.6), (x, y + r * 1.0)],
        fill=c,
        outline=_outline(c),
        width=_line_width(r),
    )
    for step in range(1, 4):
        ly = y - r * 0.6 + step * r * 0.35
        d.line(
            [(x - r * 0.22 + step * r * 0.06, ly), (x, ly)], fill=_outline(c), width=_line_width(r)
        )


def _leafy(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for angle, length in ((-2.3, 1.0), (-0.85, 1.0), (-1.57, 1.15)):
        _leaf(d, x, y + r * 0.75, r * length, angle, c)
    d.line([(x, y + r * 0.75), (x, y - r * 0.3)], fill=_lighter(c, 0.5), width=_line_width(r) * 2)


def _mushroom(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    stem = (245, 235, 215)
    d.rounded_rectangle(
        (x - r * 0.22, y - r * 0.1, x + r * 0.22, y + r * 0.8),
        radius=r * 0.1,
        fill=stem,
        outline=(170, 150, 120),
        width=_line_width(r),
    )
    d.chord(
        _box(x, y, r * 0.95, r * 0.75), 180, 360, fill=c, outline=_outline(c), width=_line_width(r)
    )
    for sx, sy in ((-0.45, -0.3), (0.1, -0.5), (0.5, -0.25), (-0.1, -0.2)):
        d.ellipse(_box(x + sx * r, y + sy * r, r * 0.08), fill=_lighter(c, 0.5))


def _dumpling(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    d.chord(
        _box(x, y + r * 0.55, r * 1.0, r * 0.9),
        180,
        360,
        fill=c,
        outline=_outline(c),
        width=_line_width(r),
    )
    for step in range(-3, 4):
        px = x + step * r * 0.22
        top = y + r * 0.55 - math.sqrt(max(0.0, 1 - (step * 0.22) ** 2)) * r * 0.9
        d.arc(
            _box(px, top + r * 0.12, r * 0.1, r * 0.12),
            200,
            340,
            fill=_outline(c),
            width=_line_width(r),
        )
    d.line([(x - r, y + r * 0.55), (x + r, y + r * 0.55)], fill=_outline(c), width=_line_width(r))


def _sticks(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for index in range(7):
        sx = x - r * 0.5 + index * r * 0.165
        top = y - r * (0.75 + 0.2 * ((index * 37) % 3))
        d.rounded_rectangle(
            (sx - r * 0.06, top, sx + r * 0.06, y + r * 0.2),
            radius=r * 0.03,
            fill=c,
            outline=_outline(c),
            width=_line_width(r),
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
        width=_line_width(r),
    )


def _cone(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    waffle = (215, 160, 90)
    d.polygon(
        [(x - r * 0.45, y - r * 0.05), (x + r * 0.45, y - r * 0.05), (x, y + r)],
        fill=waffle,
        outline=(150, 100, 50),
        width=_line_width(r),
    )
    for step in range(1, 4):
        d.line(
            [
                (x - r * 0.45 + step * r * 0.22, y - r * 0.05),
                (x + r * (0.1 - step * 0.03), y + r * 0.8),
            ],
            fill=(150, 100, 50),
            width=_line_width(r),
        )
    d.ellipse(
        _box(x, y - r * 0.35, r * 0.52, r * 0.48), fill=c, outline=_outline(c), width=_line_width(r)
    )
    d.ellipse(_box(x + r * 0.05, y - r * 0.88, r * 0.1), fill=(210, 30, 60))
    _shine(d, x, y - r * 0.35, r * 0.5, c)


def _nuggets(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
    for bx, by, size in ((-0.4, 0.25, 0.38), (0.4, 0.3, 0.36), (0.0, -0.3, 0.42)):
        cx, cy = x + bx * r, y + by * r
        d.rounded_rectangle(
            _box(cx, cy, size * r, size * r * 0.8),
            radius=size * r * 0.45,
            fill=c,
            outline=_outline(c),
            width=_line_width(r),
        )
        for sx, sy in ((-0.1, -0.1), (0.12, 0.05), (-0.02, 0.15)):
            d.ellipse(_box(cx + sx * r, cy + sy * r, r * 0.03), fill=_darker(c, 0.25))


def _polygon(sides: int, *, star: bool = False) -> Callable[[Draw, float, float, float, RGB], None]:
    def draw(d: Draw, x: float, y: float, r: float, c: RGB) -> None:
        count = sides * 2 if star else sides
        points = []
        for step in range(count):
            a = -math.pi / 2 + 2 * math.pi * step / count
            radius = r * (0.45 if star and step % 2 else 0.95)
            points.append((x + radius * math.cos(a), y + radius * math.sin(a)))
        d.polygon(points, fill=c, outline=_outline(c), width=_line_width(r))
        _shine(d, x, y, r * 0.8, c)

    return draw


SHAPES: dict[str, Callable[[Draw, float, float, float, RGB], None]] = {
    "balls": _balls,
    "carrot": _carrot,
    "circle": _circle,
    "cloud": _cloud,
    "cluster": _cluster,
    "cone": _cone,
    "crab": _crab,
    "crescent": _crescent,
    "drumstick": _drumstick,
    "dumpling": _dumpling,
    "egg": _egg,
    "eggs": _eggs,
    "fan": _fan,
    "fish": _fish,
    "heart": _heart,
    "hexagon": _polygon(6),
    "leafy": _leafy,
    "long": _long,
    "mushroom": _mushroom,
    "nuggets": _nuggets,
    "oval": _oval,
    "shrimp": _shrimp,
    "slab": _slab,
    "spiral": _spiral,
    "star": _polygon(5, star=True),
    "steak": _steak,
    "sticks": _sticks,
}


# --- Pictures --------------------------------------------------------------------------------
def _soft_canvas(width: int, height: int, colour: RGB, *, seed: str) -> _Canvas:
    canvas = _Canvas(width, height, top=_lighter(colour, 0.9), bottom=_lighter(colour, 0.75))
    canvas.dots(_lighter(colour, 0.6), seed=seed)
    return canvas


def goods_picture(*, label: str, colour: str, shape: str, badge: str = "", view: int = 0) -> bytes:
    """600x600: the product's shape, big, over its name; ``view`` 1, 2 are gallery shots."""
    fill = rgb(colour)
    canvas = _soft_canvas(600, 600, fill, seed=f"{label}/{view}")
    if view == 0:
        canvas.draw.ellipse(_scaled(_box(300, 505, 190, 22)), fill=_lighter(fill, 0.55))
        canvas.shape(shape, x=300, y=265, r=185, colour=fill)
    elif view == 1:  # close-up
        canvas.shape(shape, x=330, y=300, r=270, colour=fill)
    else:  # a few of them
        for x, y, r in ((175, 200, 105), (425, 200, 105), (300, 385, 120)):
            canvas.shape(shape, x=x, y=y, r=r, colour=fill)
    canvas.pill(label, x=300, y=545, size=34, max_width=560, fill=_outline(fill))
    if badge:
        canvas.draw.ellipse(
            _scaled(_box(525, 75, 58)), fill=_outline(fill), outline=WHITE, width=4 * SCALE
        )
        canvas.text(badge, x=525, y=75, size=30, max_width=96, fill=WHITE)
    return canvas.png()


def banner_picture(*, caption: str, subtitle: str, colour: str, shape: str) -> bytes:
    """1200x400: caption on the left, the product's shape on the right."""
    fill = rgb(colour)
    canvas = _Canvas(1200, 400, top=_lighter(fill, 0.6), bottom=_lighter(fill, 0.85))
    canvas.dots(_lighter(fill, 0.45), seed=caption, count=24)
    canvas.draw.ellipse(_scaled(_box(920, 200, 250)), fill=_lighter(fill, 0.88))
    canvas.shape(shape, x=920, y=195, r=165, colour=fill)
    canvas.text(caption, x=80, y=160, size=64, max_width=560, fill=_darker(fill, 0.55), anchor="lm")
    canvas.text(subtitle, x=82, y=250, size=32, max_width=560, fill=INK, anchor="lm")
    return canvas.png()


def promotion_picture(*, name: str, tagline: str, colour: str, shape: str) -> bytes:
    """600x300: a promotion's name and tagline beside a shape."""
    fill = rgb(colour)
    canvas = _Canvas(600, 300, top=fill, bottom=_darker(fill, 0.2))
    canvas.dots(_lighter(fill, 0.2), seed=name, count=18)
    canvas.draw.ellipse(_scaled(_box(470, 150, 120)), fill=_lighter(fill, 0.85))
    canvas.shape(shape, x=470, y=150, r=90, colour=_lighter(fill, 0.1))
    canvas.text(name, x=40, y=120, size=44, max_width=300, fill=WHITE, anchor="lm")
    canvas.text(tagline, x=42, y=190, size=24, max_width=300, fill=_lighter(fill, 0.8), anchor="lm")
    return canvas.png()


def floor_picture(*, title: str, slogan: str, colour: str, shape: str) -> bytes:
    """240x480: the tall picture left of a homepage floor."""
    fill = rgb(colour)
    canvas = _Canvas(240, 480, top=_lighter(fill, 0.35), bottom=fill)
    canvas.dots(_lighter(fill, 0.5), seed=title)
    canvas.text(title, x=120, y=70, size=40, max_width=210, fill=WHITE)
    canvas.text(slogan, x=120, y=120, size=18, max_width=210, fill=WHITE)
    canvas.draw.ellipse(_scaled(_box(120, 320, 100)), fill=_lighter(fill, 0.8))
    canvas.shape(shape, x=120, y=315, r=75, colour=fill)
    return canvas.png()


def logo_picture(*, glyph: str, colour: str) -> bytes:
    """64x64: a category's icon, one or two characters on a coloured disc."""
    fill = rgb(colour)
    canvas = _Canvas(64, 64, top=WHITE, bottom=WHITE)
    canvas.draw.ellipse(
        _scaled(_box(32, 32, 30)), fill=fill, outline=_outline(fill), width=2 * SCALE
    )
    canvas.text(glyph, x=32, y=33, size=30, max_width=44, fill=WHITE)
    return canvas.png()

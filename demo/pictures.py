"""Pictures for the demo data, drawn with Pillow: a coloured shape on a soft background, labelled.

Every picture is drawn at twice its size and shrunk, for smooth edges. Labels are Chinese when
a CJK font is installed, English otherwise (Pillow's built-in font has no CJK glyphs).
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess

from PIL import Image, ImageDraw, ImageFont

from .paint import INK, RGB, WHITE, box, darker, edge, lighter, rgb
from .shapes import SHAPES

SCALE = 2

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
            self.draw.ellipse(box(x, y, r), fill=colour)

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
        SHAPES.get(shape, SHAPES["circle"])(self.draw, x * SCALE, y * SCALE, r * SCALE, colour)

    def png(self) -> bytes:
        picture = self.image.reduce(SCALE)  # a box filter: the edges come out smooth
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        return buffer.getvalue()


def _scaled(coords: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(value * SCALE for value in coords)


# --- Pictures --------------------------------------------------------------------------------
def _soft_canvas(width: int, height: int, colour: RGB, *, seed: str) -> _Canvas:
    canvas = _Canvas(width, height, top=lighter(colour, 0.9), bottom=lighter(colour, 0.75))
    canvas.dots(lighter(colour, 0.6), seed=seed)
    return canvas


def goods_picture(*, label: str, colour: str, shape: str, badge: str = "", view: int = 0) -> bytes:
    """600x600: the product's shape, big, over its name; ``view`` 1, 2 are gallery shots."""
    fill = rgb(colour)
    canvas = _soft_canvas(600, 600, fill, seed=f"{label}/{view}")
    if view == 0:
        canvas.draw.ellipse(_scaled(box(300, 505, 190, 22)), fill=lighter(fill, 0.55))
        canvas.shape(shape, x=300, y=265, r=185, colour=fill)
    elif view == 1:  # close-up
        canvas.shape(shape, x=330, y=300, r=270, colour=fill)
    else:  # a few of them
        for x, y, r in ((175, 200, 105), (425, 200, 105), (300, 385, 120)):
            canvas.shape(shape, x=x, y=y, r=r, colour=fill)
    canvas.pill(label, x=300, y=545, size=34, max_width=560, fill=edge(fill))
    if badge:
        canvas.draw.ellipse(
            _scaled(box(525, 75, 58)), fill=edge(fill), outline=WHITE, width=4 * SCALE
        )
        canvas.text(badge, x=525, y=75, size=30, max_width=96, fill=WHITE)
    return canvas.png()


def banner_picture(*, caption: str, subtitle: str, colour: str, shape: str) -> bytes:
    """1200x400: caption on the left, the product's shape on the right."""
    fill = rgb(colour)
    canvas = _Canvas(1200, 400, top=lighter(fill, 0.6), bottom=lighter(fill, 0.85))
    canvas.dots(lighter(fill, 0.45), seed=caption, count=24)
    canvas.draw.ellipse(_scaled(box(920, 200, 250)), fill=lighter(fill, 0.88))
    canvas.shape(shape, x=920, y=195, r=165, colour=fill)
    canvas.text(caption, x=80, y=160, size=64, max_width=560, fill=darker(fill, 0.55), anchor="lm")
    canvas.text(subtitle, x=82, y=250, size=32, max_width=560, fill=INK, anchor="lm")
    return canvas.png()


def promotion_picture(*, name: str, tagline: str, colour: str, shape: str) -> bytes:
    """600x300: a promotion's name and tagline beside a shape."""
    fill = rgb(colour)
    canvas = _Canvas(600, 300, top=fill, bottom=darker(fill, 0.2))
    canvas.dots(lighter(fill, 0.2), seed=name, count=18)
    canvas.draw.ellipse(_scaled(box(470, 150, 120)), fill=lighter(fill, 0.85))
    canvas.shape(shape, x=470, y=150, r=90, colour=lighter(fill, 0.1))
    canvas.text(name, x=40, y=120, size=44, max_width=300, fill=WHITE, anchor="lm")
    canvas.text(tagline, x=42, y=190, size=24, max_width=300, fill=lighter(fill, 0.8), anchor="lm")
    return canvas.png()


def floor_picture(*, title: str, slogan: str, colour: str, shape: str) -> bytes:
    """240x480: the tall picture left of a homepage floor."""
    fill = rgb(colour)
    canvas = _Canvas(240, 480, top=lighter(fill, 0.35), bottom=fill)
    canvas.dots(lighter(fill, 0.5), seed=title)
    canvas.text(title, x=120, y=70, size=40, max_width=210, fill=WHITE)
    canvas.text(slogan, x=120, y=120, size=18, max_width=210, fill=WHITE)
    canvas.draw.ellipse(_scaled(box(120, 320, 100)), fill=lighter(fill, 0.8))
    canvas.shape(shape, x=120, y=315, r=75, colour=fill)
    return canvas.png()


def logo_picture(*, glyph: str, colour: str) -> bytes:
    """64x64: a category's icon, one or two characters on a coloured disc."""
    fill = rgb(colour)
    canvas = _Canvas(64, 64, top=WHITE, bottom=WHITE)
    canvas.draw.ellipse(_scaled(box(32, 32, 30)), fill=fill, outline=edge(fill), width=2 * SCALE)
    canvas.text(glyph, x=32, y=33, size=30, max_width=44, fill=WHITE)
    return canvas.png()

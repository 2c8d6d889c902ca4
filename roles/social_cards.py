"""Social cards: the 1200x630 PNG that link previews show for a role, a category or the site.

A card shows a kicker (the category), the title and the site's name in the site's colours
(static/css/site.css). It is drawn once per distinct text with Pillow and kept in the Django
cache under a fingerprint of that text, so a changed title gives a new fingerprint: a new image,
a new ETag and a new `?v=` in og:image, which makes link-preview services fetch it again.
"""

from __future__ import annotations

import hashlib
import io
from functools import cache as memoize
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

WIDTH = 1200
HEIGHT = 630
# Bump when the drawing changes, so cached cards and previews are refreshed.
DESIGN_VERSION = "1"

INK = "#1b1f24"
INK_SOFT = "#4a5260"
PAPER = "#ffffff"
WASH = "#f4f6f8"
ACCENT = "#0b5cad"
FOCUS = "#f2a900"
MARGIN = 80

# The card for pages that are not about one role or category (home, all categories).
SITE_CARD_TITLE = "Know the job before you apply"
SITE_CARD_KICKER = "Job descriptions"

# DejaVu (Debian's fonts-dejavu-core) when installed; otherwise the font Pillow ships, which
# needs no system package (Pillow's wheels include FreeType).
_FONT_FILES = {
    True: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    False: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
}


@memoize
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = _FONT_FILES[bold]
    if path.exists():
        return ImageFont.truetype(str(path), size)
    # Given a size, a FreeType font: Pillow's wheels are built with FreeType.
    return cast(ImageFont.FreeTypeFont, ImageFont.load_default(size=size))


def fingerprint(title: str, kicker: str) -> str:
    text = "\0".join([DESIGN_VERSION, settings.SITE_NAME, title, kicker])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit_title(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits in three lines (long titles are cut)."""
    for size in (84, 76, 68, 60, 52, 46):
        font = _font(size, bold=True)
        lines = _wrap(title, font, width)
        if len(lines) <= 3 and all(font.getlength(line) <= width for line in lines):
            return font, lines
    lines = _wrap(title, font, width)[:3]
    return font, [*lines[:-1], f"{lines[-1]}…"]


def draw_card(title: str, kicker: str) -> bytes:
    """The card as PNG bytes (tens of milliseconds: call `card_png`, which caches it)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 96], fill=INK)
    draw.text((MARGIN, 48), settings.SITE_NAME, font=_font(40, bold=True), fill=PAPER, anchor="lm")
    draw.rectangle([0, 96, 24, HEIGHT], fill=ACCENT)
    draw.rectangle([0, HEIGHT - 90, WIDTH, HEIGHT], fill=WASH)
    draw.line([0, HEIGHT - 90, WIDTH, HEIGHT - 90], fill=ACCENT, width=4)

    text_width = WIDTH - 2 * MARGIN
    y = 160
    if kicker:
        draw.text((MARGIN, y), kicker.upper(), font=_font(34, bold=True), fill=ACCENT)
        y += 70
    font, lines = _fit_title(title, text_width)
    line_height = int(font.size * 1.2)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += line_height
    draw.rectangle([MARGIN, y + 20, MARGIN + 120, y + 28], fill=FOCUS)
    draw.text(
        (MARGIN, HEIGHT - 45),
        "Duties · Qualifications · Career outlook · Sample cover letter",
        font=_font(30),
        fill=INK_SOFT,
        anchor="lm",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def card_png(title: str, kicker: str) -> bytes:
    """The card from the cache, drawn on a miss; kept until evicted (the key changes with the
    text, so a stale card is never served)."""
    key = f"social-card:{fingerprint(title, kicker)}"
    png = cache.get(key)
    if png is None:
        png = draw_card(title, kicker)
        cache.set(key, png, timeout=None)
    return png

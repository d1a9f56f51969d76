"""Product pictures for the demo, drawn with Pillow: a warm background per OCOP group, a simple motif per
subgroup (bottle, jar, leaf, lantern …), the product name on at most two lines and the producer in small type.

Shapes are drawn at twice the size and scaled down, which gives them smooth edges. Text needs a TrueType font
with Vietnamese glyphs; the first one found in FONT_CANDIDATES is used. Without any, Pillow's built-in font is
the fallback; it has no Vietnamese letters, so the text is then written without diacritics rather than as boxes.
"""

import functools
import io
import math
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 1200
SCALE = 2  # supersampling factor
JPEG_QUALITY = 88

FONT_CANDIDATES = {
    "bold": (
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/opentype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
        "C:/Windows/Fonts/arialbd.ttf",
    ),
    "regular": (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/opentype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        "C:/Windows/Fonts/arial.ttf",
    ),
}

# Background gradient (top, bottom) per OCOP group; any other group gets the first.
PALETTES = {
    "thuc-pham": ((236, 140, 64), (196, 84, 40)),
    "do-uong": ((156, 150, 52), (104, 112, 36)),
    "duoc-lieu": ((190, 70, 62), (134, 36, 44)),
    "thu-cong-my-nghe": ((150, 88, 120), (96, 52, 86)),
}
CREAM = (255, 246, 230)
INK = (60, 34, 18)
MUTED_INK = (118, 78, 52)
ACCENT = (122, 62, 30)
BERRY = (206, 36, 40)
GOLD = (240, 190, 70)

# Letters only a Vietnamese-capable font has; a font without them draws the same "missing glyph" box for each.
_VIETNAMESE_PROBE = "ựẫđ"
_MISSING_PROBE = "\U000f0000"  # a private-use code point no ordinary font draws


@functools.cache
def _font(weight: str, size: int):
    for candidate in FONT_CANDIDATES[weight]:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def renders_vietnamese(font) -> bool:
    missing = bytes(font.getmask(_MISSING_PROBE))
    return all(bytes(font.getmask(letter)) != missing for letter in _VIETNAMESE_PROBE)


def _fold_diacritics(text: str) -> str:
    """'Nước mắm Đà Nẵng' → 'Nuoc mam Da Nang', case kept: the last resort when the font lacks the letters."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _drawable(text: str, font) -> str:
    text = unicodedata.normalize("NFC", text)
    return text if renders_vietnamese(font) else _fold_diacritics(text)


def _text_width(draw: ImageDraw.ImageDraw, text: str, font) -> float:
    return draw.textlength(text, font=font)


def _ellipsize(draw, text: str, font, max_width: float) -> str:
    if _text_width(draw, text, font) <= max_width:
        return text
    while text and _text_width(draw, text + "…", font) > max_width:
        text = text[:-1].rstrip()
    return text + "…"


def _wrap(draw, text: str, font, max_width: float, max_lines: int) -> list[str] | None:
    """Greedy word wrap; None when the text needs more than max_lines lines at this size."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(draw, f"{lines[-1]} {word}", font) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        elif _text_width(draw, word, font) <= max_width:
            lines.append(word)
        else:
            return None
        if len(lines) > max_lines:
            return None
    return lines


def _balanced(draw, lines: list[str], font) -> list[str]:
    """Two lines of similar width rather than a long line and an orphan word."""
    if len(lines) != 2:
        return lines
    words = " ".join(lines).split()
    splits = [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]
    return list(min(splits, key=lambda pair: max(_text_width(draw, line, font) for line in pair)))


def _fit_title(draw, text: str, max_width: float, sizes: range) -> tuple[list[str], object]:
    """The largest size at which the name fits on two lines; at the smallest, the second line is shortened."""
    for size in sizes:
        font = _font("bold", size)
        lines = _wrap(draw, _drawable(text, font), font, max_width, max_lines=2)
        if lines:
            return _balanced(draw, lines, font), font
    font = _font("bold", sizes[-1])
    words = _drawable(text, font).split()
    first: list[str] = []
    while words and _text_width(draw, " ".join([*first, words[0]]), font) <= max_width:
        first.append(words.pop(0))
    return [" ".join(first), _ellipsize(draw, " ".join(words), font, max_width)], font


# Motifs: each draws inside a square of side `s` centred on (cx, cy), on the supersampled canvas.


def _leaf_points(cx, cy, length, width, angle_degrees):
    """A leaf outline from its base (cx, cy), pointing at the angle (0 = right, counter-clockwise positive)."""
    angle = math.radians(angle_degrees)
    outline = []
    for side in (1, -1):
        steps = range(0, 21) if side == 1 else range(20, -1, -1)
        for step in steps:
            t = step / 20
            along, across = t * length, side * width / 2 * math.sin(math.pi * t) ** 0.8
            outline.append(
                (
                    cx + along * math.cos(angle) - across * math.sin(angle),
                    cy - along * math.sin(angle) - across * math.cos(angle),
                )
            )
    return outline


def _leaf(draw, cx, cy, length, width, angle, fill):
    draw.polygon(_leaf_points(cx, cy, length, width, angle), fill=fill, outline=ACCENT, width=6)
    tip = math.radians(angle)
    draw.line((cx, cy, cx + length * 0.9 * math.cos(tip), cy - length * 0.9 * math.sin(tip)), fill=ACCENT, width=5)


def _bottle(draw, cx, cy, s):
    body_w, neck_w = s * 0.42, s * 0.16
    top, shoulder, bottom = cy - s * 0.48, cy - s * 0.12, cy + s * 0.48
    draw.rounded_rectangle((cx - neck_w / 2, top + s * 0.06, cx + neck_w / 2, shoulder + 40), 16, fill=CREAM)
    draw.rounded_rectangle((cx - neck_w / 2 - 8, top, cx + neck_w / 2 + 8, top + s * 0.08), 10, fill=ACCENT)
    draw.rounded_rectangle((cx - body_w / 2, shoulder, cx + body_w / 2, bottom), 60, fill=CREAM)
    draw.rectangle((cx - body_w / 2, cy + s * 0.02, cx + body_w / 2, cy + s * 0.28), fill=GOLD)
    draw.line((cx - body_w * 0.3, cy + s * 0.15, cx + body_w * 0.3, cy + s * 0.15), fill=ACCENT, width=10)


def _jar(draw, cx, cy, s):
    w = s * 0.62
    draw.rounded_rectangle((cx - w / 2, cy - s * 0.28, cx + w / 2, cy + s * 0.44), 90, fill=CREAM)
    draw.rounded_rectangle((cx - w * 0.42, cy - s * 0.44, cx + w * 0.42, cy - s * 0.28), 20, fill=ACCENT)
    draw.ellipse((cx - w * 0.3, cy - s * 0.08, cx + w * 0.3, cy + s * 0.26), fill=GOLD)


def _honey(draw, cx, cy, s):
    _jar(draw, cx, cy, s)
    cell = s * 0.06  # a honeycomb on the label
    for col, row in ((0, 0), (-1, 0.5), (1, 0.5), (0, 1), (-1, -0.5), (1, -0.5), (0, -1)):
        x, y = cx + col * cell * 1.55, cy + s * 0.09 + row * cell * 1.8
        hexagon = [(x + cell * math.cos(math.pi / 3 * k), y + cell * math.sin(math.pi / 3 * k)) for k in range(6)]
        draw.polygon(hexagon, fill=(226, 150, 40), outline=ACCENT, width=4)


def _incense(draw, cx, cy, s):
    for k, dx in enumerate((-0.16, -0.08, 0, 0.08, 0.16)):
        top = cy - s * (0.3 + 0.04 * (k % 2))
        draw.line((cx + dx * s * 0.6, cy + s * 0.1, cx + dx * s, top), fill=(150, 98, 60), width=14)
        draw.ellipse((cx + dx * s - 10, top - 10, cx + dx * s + 10, top + 10), fill=BERRY)
        draw.arc((cx + dx * s - 40, top - 150, cx + dx * s + 40, top - 20), 100, 260, fill=CREAM, width=6)
    draw.chord((cx - s * 0.32, cy - s * 0.05, cx + s * 0.32, cy + s * 0.42), 0, 180, fill=GOLD)
    draw.rectangle((cx - s * 0.34, cy + s * 0.1, cx + s * 0.34, cy + s * 0.16), fill=ACCENT)


def _box(draw, cx, cy, s):
    w, h, depth = s * 0.66, s * 0.4, s * 0.16
    left, top = cx - w / 2, cy - h / 2 + depth / 2
    draw.polygon(
        [(left, top), (left + depth, top - depth), (left + w + depth, top - depth), (left + w, top)], fill=GOLD
    )
    draw.polygon(
        [(left + w, top), (left + w + depth, top - depth), (left + w + depth, top + h - depth), (left + w, top + h)],
        fill=ACCENT,
    )
    draw.rectangle((left, top, left + w, top + h), fill=(176, 112, 60), outline=INK, width=5)
    draw.line((left, top + h * 0.28, left + w, top + h * 0.28), fill=INK, width=5)
    for angle in range(0, 360, 45):  # a carved lotus on the front
        petal = _leaf_points(cx, top + h * 0.64, h * 0.3, h * 0.14, angle)
        draw.polygon(petal, fill=GOLD)


def _teapot(draw, cx, cy, s):
    body = (cx - s * 0.28, cy - s * 0.2, cx + s * 0.28, cy + s * 0.24)
    spout = [(0.22, 0), (0.46, -0.2), (0.48, -0.16), (0.26, 0.1)]
    draw.polygon([(cx + dx * s, cy + dy * s) for dx, dy in spout], fill=(214, 120, 70))
    draw.arc((cx - s * 0.42, cy - s * 0.14, cx - s * 0.06, cy + s * 0.14), 90, 270, fill=ACCENT, width=18)
    draw.ellipse(body, fill=(214, 120, 70), outline=ACCENT, width=6)
    draw.rounded_rectangle((cx - s * 0.12, cy - s * 0.27, cx + s * 0.12, cy - s * 0.18), 12, fill=ACCENT)
    for dx in (-0.3, 0, 0.3):  # cups
        x = cx + dx * s
        draw.chord((x - s * 0.09, cy + s * 0.26, x + s * 0.09, cy + s * 0.46), 0, 180, fill=CREAM, outline=ACCENT)
        draw.rectangle((x - s * 0.09, cy + s * 0.35, x + s * 0.09, cy + s * 0.37), fill=CREAM)


def _bridge(draw, cx, cy, s):
    """The Japanese Covered Bridge of Hội An: a tiled roof over a short arched span."""
    draw.polygon(
        [
            (cx - s * 0.46, cy - s * 0.02),
            (cx - s * 0.36, cy - s * 0.26),
            (cx + s * 0.36, cy - s * 0.26),
            (cx + s * 0.46, cy - s * 0.02),
        ],
        fill=BERRY,
    )
    for k in range(1, 6):  # rows of roof tiles
        y = cy - s * 0.26 + k * s * 0.04
        draw.line((cx - s * 0.36 - k * s * 0.018, y, cx + s * 0.36 + k * s * 0.018, y), fill=ACCENT, width=5)
    draw.rectangle((cx - s * 0.38, cy - s * 0.02, cx + s * 0.38, cy + s * 0.16), fill=GOLD, outline=ACCENT, width=6)
    for dx in (-0.3, -0.1, 0.1, 0.3):
        draw.rectangle((cx + dx * s - 8, cy, cx + dx * s + 8, cy + s * 0.16), fill=ACCENT)
    draw.chord((cx - s * 0.46, cy + s * 0.1, cx + s * 0.46, cy + s * 0.5), 180, 360, fill=CREAM)
    draw.chord((cx - s * 0.32, cy + s * 0.22, cx + s * 0.32, cy + s * 0.62), 180, 360, fill=(186, 210, 220))


def _bowl(draw, cx, cy, s):
    w = s * 0.9
    for i in range(9):  # grains or noodles heaped above the rim
        x = cx - w * 0.32 + i * w * 0.08
        draw.ellipse((x - 26, cy - s * 0.08 - (i % 3) * 18, x + 26, cy + 10 - (i % 3) * 18), fill=GOLD, outline=ACCENT)
    draw.chord((cx - w / 2, cy - s * 0.3, cx + w / 2, cy + s * 0.42), 0, 180, fill=CREAM)
    draw.rectangle((cx - w * 0.5, cy + s * 0.04, cx + w * 0.5, cy + s * 0.08), fill=CREAM)
    draw.line((cx - w * 0.32, cy + s * 0.2, cx + w * 0.32, cy + s * 0.2), fill=ACCENT, width=10)
    draw.line((cx + w * 0.1, cy - s * 0.45, cx + w * 0.4, cy - s * 0.02), fill=ACCENT, width=14)
    draw.line((cx + w * 0.2, cy - s * 0.47, cx + w * 0.46, cy - s * 0.06), fill=ACCENT, width=14)


def _leaves(draw, cx, cy, s):
    for angle, fill in ((150, GOLD), (90, CREAM), (30, GOLD)):
        _leaf(draw, cx, cy + s * 0.38, s * 0.62, s * 0.3, angle, fill)


def _ginseng(draw, cx, cy, s):
    draw.line((cx, cy - s * 0.05, cx, cy - s * 0.3), fill=ACCENT, width=12)
    for angle in (30, 70, 110, 150):
        _leaf(draw, cx, cy - s * 0.3, s * 0.36, s * 0.16, angle, CREAM)
    for dx, dy in ((0, 0), (-26, 18), (26, 18), (-14, -22), (14, -22), (0, 40)):
        draw.ellipse((cx + dx - 20, cy - s * 0.44 + dy - 20, cx + dx + 20, cy - s * 0.44 + dy + 20), fill=BERRY)
    root = [(cx - 50, cy - s * 0.05), (cx + 50, cy - s * 0.05), (cx + 34, cy + s * 0.3), (cx, cy + s * 0.46)]
    root += [(cx - 34, cy + s * 0.3)]
    draw.polygon(root, fill=GOLD, outline=ACCENT, width=6)
    for dx, end_x, end_y in ((-30, -140, 0.42), (30, 150, 0.4), (-20, -90, 0.5), (20, 80, 0.52)):
        draw.line((cx + dx, cy + s * 0.2, cx + end_x, cy + s * end_y), fill=GOLD, width=10)


def _lantern(draw, cx, cy, s):
    w, h = s * 0.62, s * 0.7
    draw.line((cx, cy - s * 0.5, cx, cy - h / 2), fill=ACCENT, width=10)
    draw.ellipse((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), fill=GOLD)
    for fraction in (0.2, 0.45, 0.7):  # bamboo ribs, drawn as narrower ellipses
        rib = w * fraction / 2
        draw.ellipse((cx - rib, cy - h / 2, cx + rib, cy + h / 2), outline=BERRY, width=8)
    draw.rounded_rectangle((cx - w * 0.26, cy - h / 2 - 20, cx + w * 0.26, cy - h / 2 + 24), 10, fill=ACCENT)
    draw.rounded_rectangle((cx - w * 0.26, cy + h / 2 - 24, cx + w * 0.26, cy + h / 2 + 20), 10, fill=ACCENT)
    for dx in range(-36, 37, 18):  # tassel
        draw.line((cx, cy + h / 2 + 20, cx + dx, cy + s * 0.5), fill=BERRY, width=8)


def _beads(draw, cx, cy, s):
    radius, bead = s * 0.34, s * 0.075
    for i in range(18):
        angle = 2 * math.pi * i / 18
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        fill = GOLD if i % 6 == 0 else (150, 98, 60)
        draw.ellipse((x - bead, y - bead, x + bead, y + bead), fill=fill, outline=INK, width=5)
        draw.ellipse((x - bead * 0.45, y - bead * 0.6, x - bead * 0.05, y - bead * 0.2), fill=(214, 170, 120))


def _fabric(draw, cx, cy, s):
    left, right, top, bottom = cx - s * 0.42, cx + s * 0.42, cy - s * 0.4, cy + s * 0.4
    draw.rectangle((left, top, right, bottom), fill=CREAM)
    band = (bottom - top) / 6
    for row in range(6):
        y0 = top + row * band
        if row % 2:
            draw.rectangle((left, y0, right, y0 + band), fill=BERRY if row % 4 == 1 else ACCENT)
            continue
        step = (right - left) / 8
        for col in range(8):  # a row of woven diamonds
            x = left + col * step + step / 2
            draw.polygon(
                [(x, y0 + 8), (x + step / 2 - 6, y0 + band / 2), (x, y0 + band - 8), (x - step / 2 + 6, y0 + band / 2)],
                fill=GOLD,
            )
    draw.polygon([(right, bottom - s * 0.2), (right, bottom), (right - s * 0.2, bottom)], fill=GOLD)


def _vase(draw, cx, cy, s):
    profile = [(0.08, -0.46), (0.1, -0.38), (0.08, -0.3), (0.22, -0.14), (0.28, 0.06), (0.24, 0.3), (0.14, 0.46)]
    right = [(cx + dx * s, cy + dy * s) for dx, dy in profile]
    left = [(cx - dx * s, cy + dy * s) for dx, dy in reversed(profile)]
    draw.polygon(right + left, fill=(214, 120, 70), outline=ACCENT, width=8)
    draw.line((cx - s * 0.27, cy + s * 0.02, cx + s * 0.27, cy + s * 0.02), fill=CREAM, width=12)
    draw.line((cx - s * 0.26, cy + s * 0.12, cx + s * 0.26, cy + s * 0.12), fill=CREAM, width=6)


def _fish(draw, cx, cy, s):
    for dy, length in ((-0.22, 0.7), (0.06, 0.56), (0.32, 0.64)):
        y, half = cy + dy * s, length * s / 2
        tail = s * 0.1
        draw.polygon([(cx + half - tail / 2, y), (cx + half + tail, y - tail), (cx + half + tail, y + tail)], fill=GOLD)
        draw.ellipse((cx - half, y - s * 0.08, cx + half, y + s * 0.08), fill=CREAM, outline=ACCENT, width=6)
        draw.ellipse((cx - half + 30, y - 16, cx - half + 60, y + 14), fill=INK)


def _cakes(draw, cx, cy, s):
    for dy in (0.28, 0.06, -0.16):
        y = cy + dy * s
        draw.ellipse((cx - s * 0.38, y - s * 0.14, cx + s * 0.38, y + s * 0.14), fill=GOLD, outline=ACCENT, width=8)
        for i in range(10):  # sesame seeds
            x = cx - s * 0.25 + (i * 53) % int(s * 0.5)
            seed_y = y - s * 0.06 + (i * 31) % int(s * 0.1)
            draw.ellipse((x - 9, seed_y - 5, x + 9, seed_y + 5), fill=INK)


MOTIFS = {
    "bottle": _bottle,
    "jar": _jar,
    "bowl": _bowl,
    "leaf": _leaves,
    "ginseng": _ginseng,
    "lantern": _lantern,
    "beads": _beads,
    "fabric": _fabric,
    "vase": _vase,
    "fish": _fish,
    "cake": _cakes,
    "honey": _honey,
    "incense": _incense,
    "box": _box,
    "teapot": _teapot,
    "bridge": _bridge,
}


def _gradient(top: tuple, bottom: tuple, size: int) -> Image.Image:
    canvas = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(canvas)
    for y in range(size):
        mix = y / (size - 1)
        draw.line((0, y, size, y), fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    return canvas


def render_product_image(*, name: str, producer_name: str, group_slug: str, motif: str) -> bytes:
    """A 1200 × 1200 JPEG picture of a product, ready to pass to the catalogue as an upload."""
    size = SIZE * SCALE
    top, bottom = PALETTES.get(group_slug, next(iter(PALETTES.values())))
    canvas = _gradient(top, bottom, size)
    draw = ImageDraw.Draw(canvas)

    halo_centre, halo_radius = (size / 2, size * 0.38), size * 0.27
    draw.ellipse(
        (
            halo_centre[0] - halo_radius,
            halo_centre[1] - halo_radius,
            halo_centre[0] + halo_radius,
            halo_centre[1] + halo_radius,
        ),
        fill=tuple(min(255, channel + 36) for channel in top),
    )
    MOTIFS.get(motif, _jar)(draw, halo_centre[0], halo_centre[1], size * 0.36)

    margin = 70 * SCALE
    card = (margin, 800 * SCALE, size - margin, 1130 * SCALE)
    draw.rounded_rectangle(card, radius=40 * SCALE, fill=CREAM)
    text_width = card[2] - card[0] - 2 * 50 * SCALE
    lines, title_font = _fit_title(draw, name, text_width, range(76 * SCALE, 43 * SCALE, -4 * SCALE))
    line_height = title_font.size * 1.25
    producer_font = _font("regular", 36 * SCALE)
    producer = _ellipsize(draw, _drawable(producer_name, producer_font), producer_font, text_width)
    block_height = line_height * len(lines) + producer_font.size * 1.6
    y = (card[1] + card[3]) / 2 - block_height / 2
    for line in lines:
        draw.text((size / 2, y), line, font=title_font, fill=INK, anchor="ma")
        y += line_height
    draw.text((size / 2, y + producer_font.size * 0.45), producer, font=producer_font, fill=MUTED_INK, anchor="ma")

    picture = canvas.reduce(SCALE)  # a box filter: exact and fast for a whole-number factor
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return output.getvalue()

"""The generated product pictures: the right size, drawn (not a flat box), and the text legible in Vietnamese."""

import io
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from marketplace.demo import images


def _render(**overrides):
    fields = {
        "name": "Nước mắm Cửa Khe – Đèn lồng Hội An – Sâm Ngọc Linh",
        "producer_name": "Cơ sở Nước mắm Cửa Khe Hai Hiền",
        "group_slug": "thuc-pham",
        "motif": "bottle",
    }
    return Image.open(io.BytesIO(images.render_product_image(**(fields | overrides))))


def test_a_picture_is_a_1200_square_jpeg_with_many_colours():
    picture = _render()
    assert (picture.format, picture.size) == ("JPEG", (1200, 1200))
    assert len(picture.getcolors(maxcolors=1_000_000)) > 200


def test_every_motif_draws_something_of_its_own():
    centres = {motif: _render(motif=motif).crop((400, 250, 800, 650)).convert("L").tobytes() for motif in images.MOTIFS}
    assert len(set(centres.values())) == len(images.MOTIFS)


def test_groups_have_different_backgrounds():
    corners = {slug: _render(group_slug=slug).getpixel((5, 5)) for slug in images.PALETTES}
    assert len(set(corners.values())) == len(images.PALETTES)


def test_the_font_found_here_draws_vietnamese_letters():
    if not any(Path(candidate).is_file() for candidate in images.FONT_CANDIDATES["bold"]):
        pytest.skip("no TrueType font installed (CI installs fonts-dejavu-core); text falls back to folded letters")
    assert images.renders_vietnamese(images._font("bold", 40))


def test_pillows_builtin_font_lacks_vietnamese_so_text_is_folded_rather_than_boxed():
    builtin = ImageFont.load_default(size=40)
    assert not images.renders_vietnamese(builtin)
    assert images._drawable("Nước mắm Đà Nẵng", builtin) == "Nuoc mam Da Nang"


def test_a_very_long_name_still_fits_on_two_lines():
    picture = _render(name="Sâm Ngọc Linh " * 12)
    # The card's text area must not overflow into the card margins: its outer columns stay the card colour.
    card_edge = picture.crop((75, 900, 110, 1100)).convert("RGB")
    # JPEG leaves a little noise around a flat colour; text there would differ by far more.
    assert all(
        max(abs(channel - cream) for channel, cream in zip(colour, images.CREAM, strict=True)) < 16
        for _count, colour in card_edge.getcolors()
    )

import io
import time

import pytest
from PIL import Image, ImageCms

from marketplace.catalogue import images
from marketplace.catalogue.models import ProductMedia
from marketplace.catalogue.services import add_product_media
from marketplace.core.errors import DomainError
from tests.catalogue.imagefiles import ORIENTATION, encoded, jpeg_with_exif, png_declaring, two_tone, upload


def stored(media: ProductMedia) -> Image.Image:
    with media.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_jpeg_with_exif_orientation_6_is_stored_upright_without_metadata(product):
    source = Image.open(io.BytesIO(jpeg_with_exif(orientation=6)))
    assert source.getexif()[ORIENTATION] == 6 and source.size == (60, 30)

    media = add_product_media(product=product, uploaded_file=upload(jpeg_with_exif(6)), alt="Rau Trà Quế")

    image = stored(media)
    assert image.format == "JPEG"
    assert image.size == (30, 60)
    assert (media.width, media.height) == (30, 60)
    # Orientation 6 means "rotate 90° clockwise to view": the red left half ends up on top.
    assert image.getpixel((15, 5))[0] > 200 and image.getpixel((15, 55))[2] > 200
    assert len(image.getexif()) == 0
    assert "exif" not in image.info and "xmp" not in image.info
    assert media.sort_order == 0
    assert add_product_media(product=product, uploaded_file=upload(jpeg_with_exif(1))).sort_order == 1


@pytest.mark.parametrize(("image_format", "name"), [("PNG", "a.png"), ("WEBP", "a.webp")])
def test_png_and_webp_are_accepted_and_keep_their_format(product, image_format, name):
    picture = two_tone(mode="RGBA")
    picture.putalpha(128)  # see-through, so an encoder may not drop the alpha channel as unused
    data = encoded(picture, image_format)
    media = add_product_media(product=product, uploaded_file=upload(data, name=name, content_type="image/x"))
    assert stored(media).format == image_format
    assert stored(media).mode == "RGBA"


def test_file_name_does_not_decide_the_format(product):
    media = add_product_media(product=product, uploaded_file=upload(encoded(two_tone(), "PNG"), name="wrong.jpg"))
    assert media.image.name.endswith(".png")


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(product, image_format):
    with pytest.raises(DomainError) as caught:
        add_product_media(product=product, uploaded_file=upload(encoded(two_tone(), image_format), name="a.jpg"))
    assert caught.value.code == "image_invalid_format"
    assert caught.value.field == "image"
    assert not ProductMedia.objects.exists()


def test_text_file_named_jpg_is_refused(product):
    with pytest.raises(DomainError) as caught:
        add_product_media(product=product, uploaded_file=upload("Không phải ảnh".encode(), name="anh.jpg"))
    assert caught.value.code == "image_invalid_format"
    assert "JPEG, PNG hoặc WebP" in str(caught.value.message)


def test_truncated_jpeg_is_refused(product):
    data = encoded(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG")
    with pytest.raises(DomainError) as caught:
        images.validate(upload(data[: len(data) // 2]))
    assert caught.value.code == "image_corrupt"


def test_file_over_10_mb_is_refused_before_decoding(product):
    data = encoded(two_tone(), "JPEG") + b"\0" * (images.MAX_FILE_BYTES + 1)
    with pytest.raises(DomainError) as caught:
        add_product_media(product=product, uploaded_file=upload(data))
    assert caught.value.code == "image_too_large"
    assert "10 MB" in str(caught.value.message)


@pytest.mark.parametrize(("width", "height"), [(30_000, 30_000), (7_000, 7_000)])
def test_decompression_bomb_is_refused_fast(product, width, height):
    data = png_declaring(width, height)
    assert len(data) < 100
    started = time.perf_counter()
    with pytest.raises(DomainError) as caught:
        add_product_media(product=product, uploaded_file=upload(data, name="bomb.png"))
    assert time.perf_counter() - started < 0.5
    assert caught.value.code == "image_bomb"
    assert not ProductMedia.objects.exists()


def test_pixel_cap_applies_below_pillows_own_warning_threshold():
    # 6400 × 6300 = 40.3 M pixels: just above our cap. Never decoded, so the test stays fast.
    with pytest.raises(DomainError) as caught:
        images.validate(upload(png_declaring(6_400, 6_300), name="big.png"))
    assert caught.value.code == "image_bomb"


def test_colour_profile_is_applied_then_dropped(product):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encoded(two_tone(), "JPEG", icc_profile=profile)
    image = stored(add_product_media(product=product, uploaded_file=upload(data)))
    assert "icc_profile" not in image.info
    assert image.getpixel((5, 5))[0] > 200  # an sRGB → sRGB conversion keeps the red red


def test_cmyk_jpeg_is_stored_as_rgb(product):
    data = encoded(two_tone().convert("CMYK"), "JPEG")
    image = stored(add_product_media(product=product, uploaded_file=upload(data)))
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((5, 5))
    assert red > 200 and green < 60 and blue < 60


@pytest.mark.parametrize(
    ("requested", "snapped"), [(1, 128), (128, 128), (129, 256), (300, 512), (1024, 1024), (5000, 1024)]
)
def test_sizes_snap_up_to_the_fixed_sizes(requested, snapped):
    assert images.snap_size(requested) == snapped

"""Product images: content checks on upload, cleaning, and thumbnail rendering.

An upload is judged by what Pillow finds in its bytes, never by its file name or declared content type. Only
JPEG, PNG and WebP pass, within a file size and a pixel count cap. The pixel cap is checked from the header
before any pixel is decoded, so a decompression bomb (a tiny file declaring a huge canvas) costs nothing.

A cleaned original is re-encoded from its pixels after the EXIF orientation is applied, which drops every
piece of metadata (EXIF with GPS position and camera serial, XMP, comments). The ICC colour profile is kept:
it is not personal data and without it photos from phones shooting in Display P3 look washed out.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

from marketplace.core.errors import DomainError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000

# Pillow's own bomb guard: it warns above this many pixels and raises above twice as many. Our cap is lower and
# is checked first; this keeps any other Pillow use in the process from decoding a gigapixel canvas.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

THUMBNAIL_SIZES = (128, 256, 512, 1024)
WEBP = "webp"
AVIF = "avif"
# AVIF needs Pillow built with libavif; without it every browser gets WebP.
AVIF_SUPPORTED = features.check("avif")
THUMBNAIL_CONTENT_TYPES = {WEBP: "image/webp", AVIF: "image/avif"}


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int
    format: str
    extension: str


def _refuse(message, code: str) -> DomainError:
    return DomainError(message, code=code, field="image")


def _read_limited(uploaded_file) -> bytes:
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise _refuse(_("Ảnh quá lớn: tối đa 10 MB."), "image_too_large")
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(_("Ảnh quá lớn: tối đa 10 MB."), "image_too_large")
    if not data:
        raise _refuse(_("Tệp ảnh trống."), "image_empty")
    return data


def _open_checked(data: bytes) -> Image.Image:
    """Open the bytes, refusing anything but a JPEG, PNG or WebP of acceptable dimensions. Pixels not read yet."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refuse(_("Ảnh có kích thước điểm ảnh quá lớn (nghi là ảnh “bom giải nén”)."), "image_bomb") from error
    except UnidentifiedImageError as error:
        raise _refuse(_("Tệp này không phải ảnh JPEG, PNG hoặc WebP hợp lệ."), "image_invalid_format") from error
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        raise _refuse(_("Ảnh có kích thước điểm ảnh quá lớn (nghi là ảnh “bom giải nén”)."), "image_bomb")
    return image


def _decode(image: Image.Image) -> Image.Image:
    """Decode every pixel; a truncated or corrupt file fails here rather than later on a shopper's page."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as error:
        raise _refuse(_("Tệp ảnh bị hỏng hoặc không đầy đủ."), "image_corrupt") from error
    return image


def validate(uploaded_file) -> Image.Image:
    """Check an upload by content and return it decoded. Raises DomainError(field="image") when refused."""
    return _decode(_open_checked(_read_limited(uploaded_file)))


def _flatten_for(image: Image.Image, target_format: str) -> Image.Image:
    """Bring an image to a mode the target format stores: JPEG has no alpha, palettes become RGB(A)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if target_format == "JPEG":
        return image.convert("RGB") if image.mode != "RGB" else image
    wanted = "RGBA" if has_alpha else "RGB"
    return image if image.mode == wanted else image.convert(wanted)


def clean(uploaded_file) -> CleanImage:
    """Validate, apply the EXIF orientation and re-encode without metadata, keeping the format and ICC profile."""
    image = validate(uploaded_file)
    source_format = image.format
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    upright = _flatten_for(upright, source_format)
    buffer = io.BytesIO()
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if source_format == "JPEG":
        options.update(quality=90, optimize=True)
    elif source_format == "WEBP":
        options.update(quality=90, method=4)
    else:
        options.update(optimize=True)
    upright.save(buffer, format=source_format, **options)
    extension = ALLOWED_FORMATS[source_format]
    return CleanImage(
        content=ContentFile(buffer.getvalue(), name=f"image.{extension}"),
        width=upright.width,
        height=upright.height,
        format=source_format,
        extension=extension,
    )


def snap_size(requested: int) -> int:
    """The smallest fixed thumbnail size at least as large as asked; the largest for anything above it."""
    for size in THUMBNAIL_SIZES:
        if requested <= size:
            return size
    return THUMBNAIL_SIZES[-1]


def negotiate_format(accept_header: str) -> str:
    """AVIF for browsers that say they accept it (and if Pillow can write it), otherwise WebP."""
    if AVIF_SUPPORTED and "image/avif" in (accept_header or "").lower():
        return AVIF
    return WEBP


def render_thumbnail(source, size: int, image_format: str) -> ContentFile:
    """Scale an original (already cleaned) to fit a size × size box, never enlarging, in WebP or AVIF."""
    with Image.open(source) as image:
        image.draft("RGB", (size, size))  # JPEG decoders can downscale while decoding: much less work
        image = _flatten_for(image, image_format.upper())
        image.thumbnail((size, size), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        if image_format == AVIF:
            image.save(buffer, format="AVIF", quality=60)
        else:
            image.save(buffer, format="WEBP", quality=82, method=4)
    return ContentFile(buffer.getvalue(), name=f"{size}.{image_format}")

"""Image files for upload tests, made in memory with Pillow (and by hand where Pillow would refuse)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def two_tone(width=60, height=30, mode="RGB") -> Image.Image:
    """Red on the left half, blue on the right: after a rotation one can tell which way it turned."""
    image = Image.new(mode, (width, height), "blue")
    image.paste("red", (0, 0, width // 2, height))
    return image


def jpeg_with_exif(orientation=6) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(GPS_IFD)[2] = (15.0, 34.0, 12.0)  # latitude of Tam Kỳ
    return encoded(two_tone(), "JPEG", exif=exif, quality=95)


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header announces width × height pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )

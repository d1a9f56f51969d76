from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from marketplace.catalogue import images
from marketplace.catalogue.models import ProductMedia
from marketplace.catalogue.services import get_or_create_thumbnail

# A thumbnail at a given URL never changes (a new photo is a new ProductMedia), so browsers and CDNs keep it.
CACHE_CONTROL = "public, max-age=31536000, immutable"


@require_safe
def thumbnail(request, media_id: int, size: int):
    """A product photo at the fixed size at or above `size`, in AVIF or WebP as the browser accepts."""
    image_format = images.negotiate_format(request.headers.get("Accept", ""))
    snapped = images.snap_size(size)
    etag = f'"{media_id}-{snapped}-{image_format}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        try:
            thumb = get_or_create_thumbnail(media_id=media_id, size=snapped, image_format=image_format)
        except ProductMedia.DoesNotExist as error:
            raise Http404 from error
        response = FileResponse(thumb.image.open("rb"), content_type=images.THUMBNAIL_CONTENT_TYPES[image_format])
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Vary"] = "Accept"
    return response

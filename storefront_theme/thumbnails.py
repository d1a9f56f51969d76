"""Where a product photo is shown from."""

from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse

PLACEHOLDER = "storefront/img/placeholder.svg"


def photo_url(media, size: int) -> str:
    """The thumbnail proxy URL of a photo at a fixed size; the placeholder picture when there is no photo.

    The proxy ("thumbnail" URL) belongs to the catalogue; until it is routed the original file is served.
    """
    if media is None:
        return static(PLACEHOLDER)
    try:
        return reverse("thumbnail", args=[media.pk, size])
    except NoReverseMatch:
        return media.image.url

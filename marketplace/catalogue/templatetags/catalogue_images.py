from django import template
from django.urls import reverse

from marketplace.catalogue.images import snap_size

register = template.Library()


@register.simple_tag
def thumbnail_url(media, size=256) -> str:
    """{% thumbnail_url media 256 %}: the stable thumbnail URL, at the fixed size the view would serve."""
    if media is None:
        return ""
    media_id = media if isinstance(media, int) else media.pk
    return reverse("thumbnail", args=[media_id, snap_size(int(size))])

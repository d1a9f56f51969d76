"""Every save and delete of what the storefront shows raises the catalogue version (services/version.py)."""

from django.db.models.signals import post_delete, post_save

from marketplace.catalogue.models import Category, Product, ProductMedia, ProductVariant
from marketplace.catalogue.services.version import bump_catalogue_version
from marketplace.channels.models import ProductChannelListing, ProductVariantChannelListing
from marketplace.producers.models import OcopCertificate, Producer

SHOWN_ON_THE_STOREFRONT = (
    Product,
    ProductVariant,
    ProductMedia,
    Category,
    ProductChannelListing,
    ProductVariantChannelListing,
    OcopCertificate,
    Producer,
)


def catalogue_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata: the fixture's rows, no storefront yet
    bump_catalogue_version()


for model in SHOWN_ON_THE_STOREFRONT:
    for signal in (post_save, post_delete):
        signal.connect(catalogue_changed, sender=model, dispatch_uid=f"catalogue_version_{signal}_{model.__name__}")

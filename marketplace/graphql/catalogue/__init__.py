"""The catalogue in Saleor 3's shapes: products, variants, categories, media, attributes and translations, plus
OCOP fields of our own. `CATALOGUE_TYPES` are types reached only through an interface; the schema lists them."""

from marketplace.graphql.catalogue.attributes import ASSIGNED_TYPES
from marketplace.graphql.catalogue.queries import CatalogueQueries

CATALOGUE_TYPES = list(ASSIGNED_TYPES)

__all__ = ["CATALOGUE_TYPES", "CatalogueQueries"]

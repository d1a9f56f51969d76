"""Vietnamese product search that ignores diacritics and ranks exact matches first.

Matching runs on `Product.search_vector` (a tsvector of the diacritic-free `search_plain`, 'simple' config, GIN
index) with every query word as a prefix, so "nuoc mam" finds "Nước mắm" and "banh tr" finds "Bánh tráng".
Ranking adds to PostgreSQL's ts_rank two strong boosts, because a shopper who types the diacritics means them:
- the query's tone key appears as whole words in `search_tone` (exact diacritics, with "hoà" == "hòa"),
- the product's name starts with the query (search_plain begins with the name, see Product.search_text).
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, FloatField, QuerySet, TextField, Value, When
from django.db.models.functions import Concat

from marketplace.core.text import nfc, plain_key, tone_key

# Longer queries are cut: nobody types more, and it bounds the tsquery PostgreSQL has to build.
MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 8
EXACT_TONE_BOOST = 2.0
NAME_PREFIX_BOOST = 1.0
# Letters and digits only: the underscore counts as \w but is a separator to PostgreSQL's text parser.
_TERM_RE = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchTerms:
    text: str  # the query as shown back to the shopper (NFC, trimmed, cut)
    plain: str  # diacritics stripped: what is matched
    tone: str  # tone-normalised: what exact matches are recognised by

    @property
    def is_empty(self) -> bool:
        return not self.plain


def parse_query(raw: str | None) -> SearchTerms:
    """Normalise a shopper's query; junk (punctuation only) gives empty terms."""
    text = nfc(raw or "")[:MAX_QUERY_LENGTH].strip()
    words = _TERM_RE.findall(plain_key(text))[:MAX_QUERY_WORDS]
    tone_words = _TERM_RE.findall(tone_key(text))[:MAX_QUERY_WORDS]
    return SearchTerms(text=text, plain=" ".join(words), tone=" ".join(tone_words))


def tsquery(terms: SearchTerms) -> str:
    """The text of the tsquery the terms match by: every word as a prefix."""
    return _prefix_tsquery(terms.plain)


def _matching_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="raw", config="simple")


def matching(products: QuerySet, text: str) -> QuerySet:
    """The products (or ListedProduct rows) matching a tsquery's text (`tsquery`), not ranked: what a search's
    counts read (its statement kept compiled, the text bound at each run: selectors.search_base_facts)."""
    return products.filter(search_vector=_matching_query(text))


def _prefix_tsquery(plain: str) -> str:
    # parse_query keeps only letters and digits, so no tsquery operator (& | ! : ( ) ') can reach to_tsquery.
    return " & ".join(f"{word}:*" for word in plain.split())


def search_products(products: QuerySet, terms: SearchTerms) -> QuerySet:
    """Products (or ListedProduct rows, which carry the same search keys) matching every query word (as a prefix),
    annotated with `search_rank`; none for empty terms."""
    if terms.is_empty:
        return products.none()
    query = _matching_query(tsquery(terms))
    rank = (
        SearchRank(F("search_vector"), query)
        + Case(
            # Padding with spaces makes the match whole words: "hoa" must not count as exact inside "hoang".
            When(padded_tone__contains=f" {terms.tone} ", then=Value(EXACT_TONE_BOOST)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        + Case(
            When(search_plain__startswith=terms.plain, then=Value(NAME_PREFIX_BOOST)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    return (
        matching(products, tsquery(terms))
        .alias(padded_tone=Concat(Value(" "), F("search_tone"), Value(" "), output_field=TextField()))
        .annotate(search_rank=rank)
    )

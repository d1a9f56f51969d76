"""Query documents already parsed and validated, kept by their text and schema (as Saleor keeps them).

A storefront sends the same few dozen operation texts over and over; parsing and validating one costs ~15 ms
of Python (graphql-core's validation walks the whole document with some thirty rules), more than the rest of
a cached answer. A document is remembered only once it has passed every check of the view on its first sight
(parse, marketplace.graphql.limits, validation), so a later request with the same text skips parsing and
validation but still goes through the checks that depend on the request (the cost and page sizes read from its
variables, the aliases a batch shares, the text of its variables).

Hostile clients may send endless different texts: the cache keeps at most MAX_DOCUMENTS documents and at most
MAX_TOTAL_CHARACTERS characters of query text (a parsed document takes 70–150 bytes of memory per character of
its text, so ≤ ~60 MB), dropping the least recently used first. Documents that fail a check are never kept.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from graphql import DocumentNode, GraphQLSchema, StringValueNode

MAX_DOCUMENTS = 200
MAX_TOTAL_CHARACTERS = 400_000


@dataclass(frozen=True)
class CheckedDocument:
    document: DocumentNode
    # String literals the database could not store (checked for queries, not mutations: see the view).
    unstorable_literals: tuple[StringValueNode, ...]


class DocumentCache:
    """A bounded least-recently-used map from (schema, query text) to a CheckedDocument, safe across threads: a
    document is valid for the schema it was validated against only."""

    def __init__(self, max_documents: int = MAX_DOCUMENTS, max_characters: int = MAX_TOTAL_CHARACTERS):
        self.max_documents = max_documents
        self.max_characters = max_characters
        self._entries: OrderedDict[tuple[GraphQLSchema, str], CheckedDocument] = OrderedDict()
        self._characters = 0
        self._lock = threading.Lock()

    def get(self, schema: GraphQLSchema, text: str) -> CheckedDocument | None:
        with self._lock:
            checked = self._entries.get((schema, text))
            if checked is not None:
                self._entries.move_to_end((schema, text))
            return checked

    def remember(self, schema: GraphQLSchema, text: str, checked: CheckedDocument) -> None:
        """Keep a document that passed every check."""
        if len(text) > self.max_characters:
            return
        with self._lock:
            if (schema, text) not in self._entries:
                self._entries[(schema, text)] = checked
                self._characters += len(text)
            while len(self._entries) > self.max_documents or self._characters > self.max_characters:
                (_, dropped), _ = self._entries.popitem(last=False)
                self._characters -= len(dropped)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def characters(self) -> int:
        return self._characters

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._characters = 0


checked_documents = DocumentCache()

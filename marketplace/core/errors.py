"""Domain errors raised by services.

Every face turns a DomainError into a message next to the field (pages) or an `errors { field code message }`
entry (GraphQL), the way Saleor reports mutation errors as data.
"""


class DomainError(Exception):
    """A business rule refused the action. `code` is stable for clients; `message` is for people."""

    def __init__(self, message, *, code: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

"""Rows of a scanned code and a typed quantity, as on the goods receipt and transfer forms."""

from django.utils.translation import gettext as _

from inventory.pos import selectors
from marketplace.core.errors import DomainError
from marketplace.core.numbers import parse_whole_number

LINE_ROWS = 10  # rows a form shows without JavaScript; the page's script adds more as they fill up
MAX_LINE_ROWS = 500  # rows a posted form may carry: more than any delivery, and a bound on the work


def posted_rows(data, count: int = LINE_ROWS) -> list[tuple[str, str]]:
    """The posted rows code_0/quantity_0 … : at least `count`, more when the page added rows (up to MAX_LINE_ROWS)."""
    numbered = [key.partition("_")[2] for key in data if key.startswith(("code_", "quantity_"))]
    highest = max((int(n) for n in numbered if n.isascii() and n.isdigit() and len(n) < 4), default=-1)
    rows = min(max(count, highest + 1), MAX_LINE_ROWS)
    return [(data.get(f"code_{i}", "").strip(), data.get(f"quantity_{i}", "").strip()) for i in range(rows)]


def lines_from_rows(rows: list[tuple[str, str]]) -> list[tuple]:
    """(variant, quantity) from rows of a scanned code and a typed quantity; empty rows are skipped."""
    filled = [(code, quantity) for code, quantity in rows if code or quantity]
    # A NUL is in no code and cannot reach PostgreSQL (which refuses it): such a row is "not found" like any other.
    variants = selectors.variants_by_code([code for code, _quantity in filled if "\x00" not in code])
    lines = []
    for code, quantity in filled:
        if code not in variants:
            raise DomainError(_("Không tìm thấy mã “%(code)s”.") % {"code": code}, code="not_found", field="lines")
        parsed = parse_whole_number(quantity)
        if not parsed:
            raise DomainError(
                _("Số lượng của “%(code)s” phải là số nguyên dương.") % {"code": code}, code="invalid", field="lines"
            )
        lines.append((variants[code], parsed))
    return lines

"""Gift sets ("Quà tặng xứ Quảng"): a manager composes a set product from other products' variants.

A set is a catalogue Product with `is_gift_set` (chosen at creation), so it is listed, priced per channel,
photographed, collected and searched like any product; what it is made of is its GiftSetComponent rows, written
only here. Stock is never kept for a set: inventory moves its parts (inventory.selectors.gift_set_parts).
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.catalogue.models import GiftSetComponent, Product, ProductEvent
from marketplace.catalogue.services.products import record_event
from marketplace.core.errors import DomainError
from marketplace.core.numbers import check_whole_number
from marketplace.core.validation import validated_save

# A set of OCOP gifts holds a few of each thing; the bound keeps a typo (100 instead of 1) from passing.
MAX_UNITS_PER_SET = 99


def _require_manager(user) -> None:
    if user is None or not user.is_authenticated or not user.is_manager:
        raise DomainError(_("Chỉ quản lý được soạn hộp quà."), code="forbidden")


def _checked(gift_set: Product, component, quantity) -> int:
    if not gift_set.is_gift_set:
        raise DomainError(_("Sản phẩm này không phải là hộp quà."), code="not_gift_set", field="gift_set")
    if component.product.is_gift_set:
        raise DomainError(_("Không thể đặt một hộp quà vào trong hộp quà khác."), code="set_in_set", field="component")
    return check_whole_number(
        quantity,
        field="quantity",
        message=_("Số lượng trong hộp phải là số nguyên từ 1 đến %(max)d.") % {"max": MAX_UNITS_PER_SET},
        minimum=1,
        maximum=MAX_UNITS_PER_SET,
    )


def _saved(entry: GiftSetComponent) -> GiftSetComponent:
    try:
        with transaction.atomic():
            return validated_save(entry)
    except IntegrityError as error:  # the database's own rules (migration 0012), should a check above miss one
        raise DomainError(_("Hộp quà không nhận thành phần này."), code="invalid", field="component") from error


@transaction.atomic
def add_gift_set_component(*, gift_set: Product, component, quantity, user, sort_order=0) -> GiftSetComponent:
    """Put `quantity` units of a variant of another product into every set sold."""
    _require_manager(user)
    quantity = _checked(gift_set, component, quantity)
    entry = _saved(GiftSetComponent(gift_set=gift_set, component=component, quantity=quantity, sort_order=sort_order))
    record_event(
        product=gift_set,
        user=user,
        kind=ProductEvent.Kind.EDITED,
        changes={_("Thành phần hộp quà"): [None, str(entry)]},
    )
    return entry


@transaction.atomic
def update_gift_set_component(*, entry: GiftSetComponent, quantity, user, sort_order=None) -> GiftSetComponent:
    _require_manager(user)
    entry = (
        GiftSetComponent.objects.select_for_update().select_related("gift_set", "component__product").get(pk=entry.pk)
    )
    before = str(entry)
    entry.quantity = _checked(entry.gift_set, entry.component, quantity)
    if sort_order is not None:
        entry.sort_order = sort_order
    _saved(entry)
    if str(entry) != before:
        record_event(
            product=entry.gift_set,
            user=user,
            kind=ProductEvent.Kind.EDITED,
            changes={_("Thành phần hộp quà"): [before, str(entry)]},
        )
    return entry


@transaction.atomic
def remove_gift_set_component(*, entry: GiftSetComponent, user) -> None:
    """Take a part out of the set. The last part of a published set is refused (unpublish the set first): a set
    without parts cannot be sold, and a listed box that cannot be bought misleads the shopper."""
    _require_manager(user)
    # The set's row is locked so that two removals at once cannot together take out its last part.
    gift_set = Product.objects.select_for_update().get(pk=entry.gift_set_id)
    if gift_set.status == Product.Status.PUBLISHED and not gift_set.set_components.exclude(pk=entry.pk).exists():
        raise DomainError(
            _("Không thể bỏ thành phần cuối cùng của hộp quà đang bán. Hãy ngừng hiển thị hộp quà trước."),
            code="gift_set_last_component",
            field="component",
        )
    record_event(
        product=entry.gift_set,
        user=user,
        kind=ProductEvent.Kind.EDITED,
        changes={_("Thành phần hộp quà"): [str(entry), None]},
    )
    entry.delete()

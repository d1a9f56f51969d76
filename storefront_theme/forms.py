"""The shopper's listing controls (filters, sort, page size) as a GET form.

The form only validates; an invalid field is reported next to itself and otherwise ignored, so a hand-edited
URL such as ?price_min=abc&stars=9 still shows the listing instead of failing.
"""

import functools
import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue.selectors import KIND_OCOP, KIND_RURAL_INDUSTRY, KIND_STARTUP, ListingFilters

DEFAULT_PER_PAGE = 24
MAX_PER_PAGE = 48
# The largest price anyone would type; also keeps the number inside PostgreSQL's bigint.
MAX_PRICE = 1_000_000_000


class PlainSelect(forms.Select):
    """A <select> of flat choices written in Python. Django's Select renders every <option> through a template:
    a group's producer drop-down of a few hundred producers took most of a listing's template time (80 % of it in
    a cProfile of a group's first view, docs/performance.md). Same markup: the attributes, the first matching
    choice selected. The options are joined as text, escaped by the standard library's `html.escape` as Django's
    `escape` does (a `format_html` per option was still 2.5 ms of a group's page with 300 producers; Django's
    `escape`, which first looks for a lazy text among its arguments, 0.5 ms)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        found = False
        options = []
        for choice, label in self.choices:
            selected = not found and str(choice) in chosen
            found = found or selected
            shown_value, shown_label = html.escape(str(choice)), html.escape(str(label))
            options.append(f'<option value="{shown_value}"{" selected" if selected else ""}>{shown_label}</option>')
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # every piece escaped above
        )


class ListingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Hạng sao OCOP"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect,
        choices=[("", _("Tất cả")), ("5", _("5 sao")), ("4", _("Từ 4 sao")), ("3", _("Từ 3 sao"))],
    )
    kind = forms.ChoiceField(
        label=_("Loại sản phẩm"),
        required=False,
        widget=PlainSelect,
        choices=[
            ("", _("Tất cả")),
            (KIND_STARTUP, _("Sản phẩm khởi nghiệp")),
            (KIND_OCOP, _("Sản phẩm OCOP")),
            (KIND_RURAL_INDUSTRY, _("Sản phẩm CNNT tiêu biểu")),
        ],
    )
    group = forms.ChoiceField(label=_("Nhóm sản phẩm"), required=False, widget=PlainSelect)
    producer = forms.ChoiceField(label=_("Nhà sản xuất"), required=False, widget=PlainSelect)
    price_min = forms.IntegerField(label=_("Giá từ (₫)"), required=False, min_value=0, max_value=MAX_PRICE)
    price_max = forms.IntegerField(label=_("Giá đến (₫)"), required=False, min_value=0, max_value=MAX_PRICE)
    in_stock = forms.BooleanField(label=_("Còn hàng giao TP. HCM"), required=False)
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        widget=PlainSelect,
        choices=[
            ("relevance", _("Phù hợp nhất")),
            ("price_asc", _("Giá thấp đến cao")),
            ("price_desc", _("Giá cao đến thấp")),
            ("newest", _("Mới nhất")),
            ("name", _("Tên A–Z")),
        ],
    )

    def __init__(self, data, *, producers: list[tuple[str, str]], groups=None):
        """`producers`: (slug, name) pairs (producer_choices)."""
        super().__init__(data)
        # A callable: Django normalizes a list of choices twice (on the field, then on its widget: 300 producers, 0.4
        # ms a page), a callable's once, when the drop-down is rendered (and when a chosen producer is validated).
        self.fields["producer"].choices = functools.partial(list, [("", _("Tất cả")), *producers])
        self.groups = {g.slug: g for g in groups or ()}
        if groups is None:
            del self.fields["group"]
            # Outside search there is no query to be relevant to: the default order puts featured products first.
            self.fields["sort"].choices = [("relevance", _("Nổi bật")), *self.fields["sort"].choices[1:]]
        else:
            self.fields["group"].choices = [("", _("Tất cả"))] + [
                (g.slug, f"{g.parent.name} › {g.name}" if g.parent_id else g.name) for g in groups
            ]
        for name in ("price_min", "price_max"):
            self.fields[name].widget.attrs.update(inputmode="numeric", step="1000", placeholder="0")

    def listing(self) -> tuple[ListingFilters, str]:
        """The valid part of the request as filters and a sort key."""
        self.is_valid()
        for name in self.errors:
            # Screen readers announce the message printed next to the field (filters.html gives it this id).
            self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}-error"})
        data = self.cleaned_data
        group = data.get("group")
        filters = ListingFilters(
            stars=data.get("stars"),
            producer=data.get("producer") or None,
            category=self.groups.get(group) if group else None,
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            in_stock=bool(data.get("in_stock")),
            kind=data.get("kind") or None,
        )
        return filters, data.get("sort") or "relevance"

    def show_kind_counts(self, counts: dict[str, int]) -> None:
        """Label each kind with how many products choosing it would show (catalogue.selectors.listing_kind_counts)."""
        field = self.fields["kind"]
        field.choices = [
            (value, f"{label} ({counts[value]})" if value in counts else label) for value, label in field.choices
        ]


def producer_choices(producers) -> list[tuple[str, str]]:
    """The producer drop-down's choices: (slug, name) pairs, which a kept list unpickles far faster than the
    producers themselves (1.7 ms a page for 300 deferred models)."""
    return [(producer.slug, producer.name) for producer in producers]


def per_page(raw: str | None) -> int:
    """?per_page=N, between 1 and 48; anything else gives the default 24."""
    try:
        value = int(raw or DEFAULT_PER_PAGE)
    except ValueError:
        return DEFAULT_PER_PAGE
    return value if 1 <= value <= MAX_PER_PAGE else DEFAULT_PER_PAGE

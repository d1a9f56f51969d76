"""The shoppers' pages. Views parse the request, call catalogue selectors and render; nothing else."""

import functools
from collections.abc import Callable
from dataclasses import replace

from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.catalogue import search, selectors
from marketplace.catalogue.selectors import ListingFilters
from marketplace.content import selectors as content_selectors
from marketplace.core import richtext
from storefront_theme import caching
from storefront_theme.forms import ListingForm, per_page, producer_choices
from storefront_theme.structured_data import product_json_ld


def _paginate(request, products):
    paginator = Paginator(products, per_page(request.GET.get("per_page")))
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(_("Không có trang này.")) from exc


# The listing filters that narrow a listing's count (the kind does not: its counts are of the listing without it).
FILTER_FIELDS = ("stars", "producer", "group", "price_min", "price_max", "in_stock")


def _base(
    request, kind: str, key: str, products: Callable[[], QuerySet], base_facts: Callable[[], dict]
) -> tuple[dict | None, list]:
    """A listing base's counts and producer choices (selectors.listing_base_facts, forms.producer_choices): the
    same for every page, sort and filter of it, so kept per catalogue version (caching.kept) once one page of it was
    built. A filtered listing, which counts itself anyway, reads only the producers unless the base facts are kept
    already. `products()` gives the base, built only if something is read from it; `base_facts()` its facts
    (selectors.group_base_facts, search_base_facts: listing_base_facts through a statement kept compiled)."""
    if any(request.GET.get(name) for name in FILTER_FIELDS) and not caching.is_kept("base", [kind, key]):
        return None, caching.kept(
            "producers-only", [kind, key], lambda: producer_choices(selectors.producers_in(products()))
        )
    facts = caching.kept("base", [kind, key], base_facts)
    producers = caching.kept(
        "producers", [kind, key], lambda: producer_choices(selectors.producers_by_ids(facts["producer_ids"]))
    )
    return facts, producers


def _counts_key(request) -> list:
    params = request.GET.copy()
    for name in ("page", "per_page", "sort", "kind"):  # the counts (all kinds' and the total) do not depend on them
        params.pop(name, None)
    return [request.path, sorted(params.lists())]


def _base_counts(filters, base_facts: dict | None) -> dict | None:
    """The base's counts when no filter but the kind narrows the listing (its counts are of the listing without its
    kind filter), else None."""
    return base_facts if base_facts is not None and replace(filters, kind=None) == ListingFilters() else None


def _counted(request, listing, filters, base_facts: dict | None):
    """The listing with its counts: its base's (_base_counts), else kept for its other pages (same filters, another
    page or sort). Not with "Còn hàng": that count follows stock, which the catalogue version does not cover."""
    if (counts := _base_counts(filters, base_facts)) is not None:
        return listing.counts_known(counts)
    if filters.in_stock:
        return listing
    return listing.counts_known(caching.kept("counts", _counts_key(request), listing.all_counts))


def _top_groups():
    """The top-level groups with their product counts (home, an empty search): kept per catalogue version."""
    return caching.kept("top-groups", [], selectors.top_groups_with_counts)


def _keeps_ids(request, filters) -> bool:
    """Whether this page reads the listing through its kept ordered ids (_paged)."""
    return not filters.in_stock and request.GET.get("page") not in (None, "", "1") and caching.keeping()


def _ids_key(request) -> list:
    params = request.GET.copy()
    for name in ("page", "per_page"):
        params.pop(name, None)
    return [request.path, sorted(params.lists())]


def _paged(request, listing, filters):
    """Past the first page, the listing's ordered ids are kept for its other pages (same filters, sort and page
    size or not): after one of them every page of that listing is a lookup of its rows by id. Page 1 keeps its
    cheaper LIMIT, and so does the first view of a page in the listing's second half while no ids are kept: read as
    the top of the reversed order (selectors.Listing), it sorts only the page's rows where the ordered ids sort the
    whole listing. Not with "Còn hàng" (stock)."""
    if not _keeps_ids(request, filters):
        return listing
    key = _ids_key(request)
    if (ids := caching.kept_value("ids", key)) is not None:
        return listing.ids_from(lambda: ids)
    if _in_second_half(request, listing):
        return listing
    return listing.ids_from(lambda: caching.kept("ids", key, listing.ordered_ids))


def _in_second_half(request, listing) -> bool:
    """Whether the page asked for starts in the second half of the listing (counted: the paginator reads the same
    count)."""
    try:
        page = int(request.GET.get("page"))
    except (TypeError, ValueError):
        return False
    return 2 * (page - 1) * per_page(request.GET.get("per_page")) >= listing.count()


def _listing(
    request,
    filters,
    sort,
    base: Callable[[], QuerySet],
    base_facts: dict | None,
    first_ids: Callable[[int], list[int]] | None = None,
):
    """The page's listing of `base`, counted (_counted) and paged (_paged). When its counts and its ordered ids
    are both kept (a later page of a listing already paged through), it is read by id without building its
    statements (selectors.Listing.known), nor its base (`base()`); so is the first page of an unfiltered listing
    with its base's counts when `first_ids(page size)` gives that page's ids (a statement kept compiled)."""
    first_page = request.GET.get("page") in (None, "", "1")
    if first_ids is not None and first_page and filters == ListingFilters() and base_facts is not None:
        ids = first_ids(per_page(request.GET.get("per_page")))
        return selectors.Listing.known(base_facts, ids, selectors.storefront_channel_slug())
    if _keeps_ids(request, filters):
        counts = _base_counts(filters, base_facts) or caching.kept_value("counts", _counts_key(request))
        ids = caching.kept_value("ids", _ids_key(request)) if counts is not None else None
        if ids is not None:
            return selectors.Listing.known(counts, ids, selectors.storefront_channel_slug(), filters.kind)
    listing = _counted(request, selectors.listing_products(filters, sort, base=base()), filters, base_facts)
    return _paged(request, listing, filters)


def _query_without_page(request) -> str:
    """The current filters as a query string, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# How many startup products the home page's entry shows.
HOME_STARTUP_PRODUCTS = 4


def home(request):
    part = caching.cached_part(request, _home_part)
    return render(request, "storefront/home.html", {"part": part})


def _home_part() -> caching.Part:
    lists = selectors.home_lists(startups=HOME_STARTUP_PRODUCTS)
    context = {
        "startup_products": lists.startups,
        "best_sellers": lists.best_sellers,
        "five_star": lists.five_star,
        "four_star": lists.four_star,
        "groups": _top_groups(),
        # The banner. HOOK for the current collection (api-content's Collection model): once it lands, put the
        # current collection in the context as "collection" and home.html shows it; until then the banner
        # shows the best-selling product, else the first five-star one.
        "collection": None,
        "banner_product": (lists.best_sellers or lists.five_star or [None])[0],
    }
    shown = [*lists.best_sellers, *lists.startups, *lists.five_star, *lists.four_star]
    return caching.Part(render_to_string("storefront/parts/home.html", context)).showing(shown)


def category(request, slug):
    part = caching.cached_part(request, lambda: _category_part(request, slug))
    return render(request, "storefront/category.html", {"group": part.facts["group"], "part": part})


def _category_part(request, slug) -> caching.Part:
    # The group with its subgroups, kept like the listing's facts (groups move the catalogue version): two statements
    # fewer on every other page of the group.
    group = caching.kept("group", [slug], lambda: selectors.category_by_slug(slug))
    # The group's products, built when a statement reads them (not on a later page whose facts are all kept).
    in_group = functools.cache(lambda: selectors.listed_products().filter(selectors.in_category_tree(group)))
    facts, producers = _base(request, "group", group.slug, in_group, lambda: selectors.group_base_facts(group))
    form = ListingForm(request.GET, producers=producers)
    filters, sort = form.listing()
    first_ids = functools.partial(selectors.group_first_page_ids, group, sort)
    listing = _listing(request, filters, sort, in_group, facts, first_ids)
    page = _paginate(request, listing)
    form.show_kind_counts(listing.kind_counts())
    context = {"group": group, "form": form, "page": page, "query_without_page": _query_without_page(request)}
    html = render_to_string("storefront/parts/category.html", context)
    return caching.Part(html, facts={"group": group}).showing(page.object_list)


def search_results(request):
    terms = search.parse_query(request.GET.get("q"))
    part = caching.cached_part(request, lambda: _search_part(request, terms))
    return render(request, "storefront/search.html", {"terms": terms, "part": part})


def _search_part(request, terms) -> caching.Part:
    context = {"terms": terms, "query_without_page": _query_without_page(request)}
    shown = []
    if terms.is_empty:
        context["groups"] = _top_groups()
    else:
        matches = functools.cache(lambda: search.search_products(selectors.listed_products(), terms))
        # Producer choices come from the matches: a whole catalogue's producers would be a list nobody scrolls.
        facts, producers = _base(request, "search", terms.plain, matches, lambda: selectors.search_base_facts(terms))
        form = ListingForm(
            request.GET, producers=producers, groups=caching.kept("groups", [], selectors.groups_for_filter)
        )
        filters, sort = form.listing()
        listing = _listing(request, filters, sort, matches, facts)
        context["form"] = form
        context["page"] = _paginate(request, listing)
        form.show_kind_counts(listing.kind_counts())
        shown = context["page"].object_list
        if not shown:
            context["groups"] = _top_groups()
    return caching.Part(render_to_string("storefront/parts/search.html", context)).showing(shown)


def startups(request):
    """ "Sản phẩm khởi nghiệp": the startup projects and their products, with the listing's filters."""
    part = caching.cached_part(request, lambda: _startups_part(request))
    return render(request, "storefront/startups.html", {"part": part})


def _startups_part(request) -> caching.Part:
    base = selectors.listed_products().filter(selectors.of_kind(selectors.KIND_STARTUP))
    form = ListingForm(request.GET, producers=producer_choices(selectors.producers_in(base)))
    del form.fields["kind"]
    filters, sort = form.listing()
    page = _paginate(request, selectors.listing_products(filters, sort, base=base))
    context = {
        "projects": selectors.startup_projects(),
        "form": form,
        "page": page,
        "query_without_page": _query_without_page(request),
    }
    return caching.Part(render_to_string("storefront/parts/startups.html", context)).showing(page.object_list)


def product(request, slug):
    """The product's facts come from the cache (per catalogue version); its prices and stock are read live."""
    part = caching.cached_part(request, lambda: _product_part(slug))
    item = part.facts["product"]
    variants = selectors.sellable_variants(item.pk)
    if not variants:  # its last price was removed after the facts were read: it cannot be bought
        raise Http404(_("Không tìm thấy sản phẩm này."))
    item.sellable_variants = variants
    item.price_from = min(variant.price for variant in variants)
    item.available = sum(variant.available for variant in variants)
    context = {
        "product": item,
        "default_variant": next((variant for variant in variants if variant.available > 0), None),
        "price_varies": len({variant.price for variant in variants}) > 1,
        "json_ld": product_json_ld(request, item),
        "part": part,
    }
    return render(request, "storefront/product.html", context)


def _product_part(slug) -> caching.Part:
    item = selectors.product_detail(slug)
    certificate, certificate_valid = selectors.certificate_to_show(item)
    context = {
        "product": item,
        "certificate": certificate,
        "certificate_valid": certificate_valid,
        "startup": selectors.startup_profile_of(item),
        "rural_industry": selectors.rural_industry_to_show(item),
        "set_contents": selectors.gift_set_contents(item) if item.is_gift_set else [],
    }
    facts = {"product": item, "gallery": render_to_string("storefront/parts/product_gallery.html", context)}
    return caching.Part(render_to_string("storefront/parts/product.html", context), facts=facts)


def page(request, slug):
    """A content page (about us, OCOP explained, the shop's policies) in the shopper's language."""
    shown = content_selectors.page_for_storefront(slug)
    text = content_selectors.page_text(shown, get_language())
    context = {"page": shown, "text": text, "body": richtext.to_html(text.content)}
    return render(request, "storefront/page.html", context)

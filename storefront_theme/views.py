"""The shoppers' pages. Views parse the request, call catalogue selectors and render; nothing else."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.catalogue import search, selectors
from marketplace.content import selectors as content_selectors
from marketplace.core import richtext
from storefront_theme import caching
from storefront_theme.forms import ListingForm, per_page
from storefront_theme.structured_data import product_json_ld


def _paginate(request, products):
    paginator = Paginator(products, per_page(request.GET.get("per_page")))
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(_("Không có trang này.")) from exc


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
    best_sellers = selectors.best_sellers()
    five_star = selectors.featured_products(stars=5)
    context = {
        "startup_products": selectors.startup_products(limit=HOME_STARTUP_PRODUCTS),
        "best_sellers": best_sellers,
        "five_star": five_star,
        "four_star": selectors.featured_products(stars=4),
        "groups": selectors.top_groups_with_counts(),
        # The banner. HOOK for the current collection (api-content's Collection model): once it lands, put the
        # current collection in the context as "collection" and home.html shows it; until then the banner
        # shows the best-selling product, else the first five-star one.
        "collection": None,
        "banner_product": (best_sellers or five_star or [None])[0],
    }
    shown = [*best_sellers, *context["startup_products"], *five_star, *context["four_star"]]
    return caching.Part(render_to_string("storefront/parts/home.html", context)).showing(shown)


def category(request, slug):
    part = caching.cached_part(request, lambda: _category_part(request, slug))
    return render(request, "storefront/category.html", {"group": part.facts["group"], "part": part})


def _category_part(request, slug) -> caching.Part:
    group = selectors.category_by_slug(slug)
    in_group = selectors.visible_products().filter(selectors.in_category_tree(group))
    form = ListingForm(request.GET, producers=selectors.producers_in(in_group))
    filters, sort = form.listing()
    listing = selectors.listing_products(filters, sort, base=in_group)
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
        context["groups"] = selectors.top_groups_with_counts()
    else:
        matches = search.search_products(selectors.visible_products(), terms)
        # Producer choices come from the matches: a whole catalogue's producers would be a list nobody scrolls.
        form = ListingForm(request.GET, producers=selectors.producers_in(matches), groups=selectors.groups_for_filter())
        filters, sort = form.listing()
        listing = selectors.listing_products(filters, sort, base=matches)
        context["form"] = form
        context["page"] = _paginate(request, listing)
        form.show_kind_counts(listing.kind_counts())
        shown = context["page"].object_list
        if not shown:
            context["groups"] = selectors.top_groups_with_counts()
    return caching.Part(render_to_string("storefront/parts/search.html", context)).showing(shown)


def startups(request):
    """ "Sản phẩm khởi nghiệp": the startup projects and their products, with the listing's filters."""
    part = caching.cached_part(request, lambda: _startups_part(request))
    return render(request, "storefront/startups.html", {"part": part})


def _startups_part(request) -> caching.Part:
    base = selectors.visible_products().filter(selectors.of_kind(selectors.KIND_STARTUP))
    form = ListingForm(request.GET, producers=selectors.producers_in(base))
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

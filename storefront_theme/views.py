"""The shoppers' pages. Views parse the request, call catalogue selectors and render; nothing else."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from marketplace.catalogue import search, selectors
from storefront_theme.caching import cached_part
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


def home(request):
    def context():
        return {
            "five_star": selectors.featured_products(stars=5),
            "four_star": selectors.featured_products(stars=4),
            "groups": selectors.top_groups_with_counts(),
        }

    content = cached_part(request, "storefront/includes/home_content.html", context)
    return render(request, "storefront/home.html", {"content": content})


def category(request, slug):
    group = selectors.category_by_slug(slug)

    def context():
        in_group = selectors.visible_products().filter(selectors.in_category_tree(group))
        form = ListingForm(request.GET, producers=selectors.producers_in(in_group))
        filters, sort = form.listing()
        page = _paginate(request, selectors.listing_products(filters, sort, base=in_group))
        return {"group": group, "form": form, "page": page, "query_without_page": _query_without_page(request)}

    content = cached_part(request, "storefront/includes/category_content.html", context)
    return render(request, "storefront/category.html", {"group": group, "content": content})


def search_results(request):
    terms = search.parse_query(request.GET.get("q"))

    def context():
        context = {"terms": terms, "query_without_page": _query_without_page(request)}
        if terms.is_empty:
            context["groups"] = selectors.top_groups_with_counts()
            return context
        matches = search.search_products(selectors.visible_products(), terms)
        # Producer choices come from the matches: a whole catalogue's producers would be a list nobody scrolls.
        form = ListingForm(request.GET, producers=selectors.producers_in(matches), groups=selectors.groups_for_filter())
        filters, sort = form.listing()
        context["form"] = form
        context["page"] = _paginate(request, selectors.listing_products(filters, sort, base=matches))
        if not context["page"].object_list:
            context["groups"] = selectors.top_groups_with_counts()
        return context

    content = cached_part(request, "storefront/includes/search_content.html", context)
    return render(request, "storefront/search.html", {"terms": terms, "content": content})


def product(request, slug):
    item = selectors.product_detail(slug)
    certificate, certificate_valid = selectors.certificate_to_show(item)
    variants = item.sellable_variants
    context = {
        "product": item,
        "default_variant": next((variant for variant in variants if variant.available > 0), None),
        "price_varies": len({variant.price for variant in variants}) > 1,
        "certificate": certificate,
        "certificate_valid": certificate_valid,
        "json_ld": product_json_ld(request, item),
    }
    return render(request, "storefront/product.html", context)

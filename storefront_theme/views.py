"""The shoppers' pages. Views parse the request, call catalogue selectors and render; nothing else."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from marketplace.catalogue import search, selectors
from storefront_theme.caching import cached_part, cached_parts, render_part
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
    def build():
        group = selectors.category_by_slug(slug)
        in_group = selectors.visible_products().filter(selectors.in_category_tree(group))
        form = ListingForm(request.GET, producers=selectors.producers_in(in_group))
        filters, sort = form.listing()
        page = _paginate(request, selectors.listing_products(filters, sort, base=in_group))
        context = {"group": group, "form": form, "page": page, "query_without_page": _query_without_page(request)}
        return {
            "title": render_part(request, "storefront/includes/category_title.html", context),
            "description": render_part(request, "storefront/includes/category_description.html", context),
            "html": render_part(request, "storefront/includes/category_content.html", context),
        }

    parts = cached_parts(request, "category", build)
    return render(request, "storefront/category.html", {"parts": parts})


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


def _product_parts(request, slug) -> dict:
    """The product page without its price, stock and buy form: rendered once per catalogue version and language."""
    item = selectors.product_detail(slug)
    certificate, certificate_valid = selectors.certificate_to_show(item)
    context = {"product": item, "certificate": certificate, "certificate_valid": certificate_valid}
    return {
        "product_id": item.pk,
        "default_variant_name": item.net_quantity or item.name,
        "title": render_part(request, "storefront/includes/product_title.html", context),
        "description": render_part(request, "storefront/includes/product_description.html", context),
        "json_ld": product_json_ld(request, item),
        "top": render_part(request, "storefront/includes/product_top.html", context),
        "bottom": render_part(request, "storefront/includes/product_bottom.html", context),
    }


def product(request, slug):
    parts = cached_parts(request, "product", lambda: _product_parts(request, slug))
    # Price and stock are read for every request: one query for the variants on sale with both.
    variants = selectors.sellable_variants(parts["product_id"])
    prices = {variant.price for variant in variants}
    context = {
        "parts": parts,
        "variants": variants,
        "default_variant": next((variant for variant in variants if variant.available > 0), None),
        "default_variant_name": parts["default_variant_name"],
        "price_from": min(prices) if prices else None,
        "price_varies": len(prices) > 1,
        "available": sum(max(variant.available, 0) for variant in variants),
    }
    return render(request, "storefront/product.html", context)

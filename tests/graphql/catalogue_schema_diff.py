"""Which fields (and arguments) of Saleor's catalogue types our schema lacks, and where the two disagree.

    .venv/bin/python -m tests.graphql.catalogue_schema_diff [--all]

Reads the two printed schemas (ours: schema.graphql; Saleor's: ../shared/reference/saleor-schema.graphql) and, for
each catalogue type, lists the fields Saleor has and we lack, the arguments of shared fields we lack, and shared
fields or arguments whose type differs. Fields we add beyond Saleor (our OCOP extensions) are listed with --all.
"""

import sys
from pathlib import Path

from graphql import GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, build_schema

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "schema.graphql"
SALEOR = ROOT.parent.parent / "shared" / "reference" / "saleor-schema.graphql"
if not SALEOR.exists():
    SALEOR = Path("/work/shared/reference/saleor-schema.graphql")

TYPES = (
    "Product",
    "ProductVariant",
    "ProductType",
    "Category",
    "Collection",
    "Attribute",
    "AttributeValue",
    "AssignedAttribute",
    "AssignedSingleChoiceAttribute",
    "AssignedMultiChoiceAttribute",
    "AssignedPlainTextAttribute",
    "AssignedNumericAttribute",
    "AssignedChoiceAttributeValue",
    "ProductMedia",
    "ProductImage",
    "Stock",
    "PreorderData",
    "AssignedVariantAttribute",
    "File",
    "AttributeFilterInput",
    "AttributeWhereInput",
    "AttributeSortingInput",
    "AttributeChoicesSortingInput",
    "AttributeValueFilterInput",
    "AttributeValueWhereInput",
    "ProductTypeFilterInput",
    "ProductTypeSortingInput",
    "ProductTranslatableContent",
    "ProductVariantTranslatableContent",
    "CategoryTranslatableContent",
    "CollectionTranslatableContent",
    "AttributeTranslatableContent",
    "AttributeValueTranslatableContent",
    "PageTranslatableContent",
    "MenuItemTranslatableContent",
    "TranslatableItemConnection",
    "TranslatableItemEdge",
    "Query",
)
# Root fields that belong to other helpers' areas (orders, accounts, checkout) or to staff tools a storefront
# never reads: reported apart, not as the catalogue's gaps.
NOT_CATALOGUE = frozenset(
    {
        "order",
        "orders",
        "draftOrders",
        "homepageEvents",
        "orderByToken",
        "orderSettings",
        "me",
        "user",
        "customers",
        "staffUsers",
        "permissionGroup",
        "permissionGroups",
        "checkout",
        "checkouts",
        "checkoutLines",
        "giftCard",
        "giftCards",
        "giftCardCurrencies",
        "giftCardTags",
        "giftCardSettings",
        "app",
        "apps",
        "appExtension",
        "appExtensions",
        "appsInstallations",
        "appsInstallation",
        "webhook",
        "webhookEvents",
        "webhookSamplePayload",
        "plugin",
        "plugins",
        "exportFile",
        "exportFiles",
        "taxTypes",
        "taxConfiguration",
        "taxConfigurations",
        "taxClass",
        "taxClasses",
        "taxCountryConfiguration",
        "taxCountryConfigurations",
        "voucher",
        "vouchers",
        "sale",
        "sales",
        "promotion",
        "promotions",
        "payment",
        "payments",
        "transaction",
        "stock",
        "stocks",
        "warehouse",
        "warehouses",
        "shippingZone",
        "shippingZones",
        "reportProductSales",
        "_entities",
        "_service",
        "availablePaymentGateways",
        "userNotificationsSettings",
        "refundSettings",
        "refundReasons",
        "returnReasons",
        "accountSettings",
        "returnSettings",
        "transactions",
        "ordersTotal",
        "address",
        "customerType",
        "customerTypes",
    }
)


def type_text(gql_type) -> str:
    return str(gql_type)


def compare(ours, saleor, show_extra: bool) -> list[str]:
    lines = []
    for name in TYPES:
        theirs = saleor.type_map.get(name)
        mine = ours.type_map.get(name)
        if theirs is None:
            continue
        if mine is None:
            lines.append(f"{name}: type missing")
            continue
        if not isinstance(theirs, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            continue
        for field_name, field in theirs.fields.items():
            own = mine.fields.get(field_name)
            if own is None:
                where = " (other area)" if name == "Query" and field_name in NOT_CATALOGUE else ""
                args = ", ".join(f"{arg}: {type_text(a.type)}" for arg, a in getattr(field, "args", {}).items())
                lines.append(f"{name}.{field_name}({args}): {type_text(field.type)} missing{where}")
                continue
            if type_text(own.type) != type_text(field.type):
                lines.append(f"{name}.{field_name}: type {type_text(own.type)}, Saleor {type_text(field.type)}")
            for arg_name, arg in getattr(field, "args", {}).items():
                own_arg = own.args.get(arg_name)
                if own_arg is None:
                    lines.append(f"{name}.{field_name}({arg_name}: {type_text(arg.type)}) argument missing")
                elif type_text(own_arg.type) != type_text(arg.type):
                    lines.append(
                        f"{name}.{field_name}({arg_name}): type {type_text(own_arg.type)}, Saleor {type_text(arg.type)}"
                    )
        if show_extra:
            for field_name in mine.fields.keys() - theirs.fields.keys():
                lines.append(f"{name}.{field_name}: ours only")
    return lines


def main(argv: list[str]) -> int:
    ours = build_schema(OURS.read_text())
    saleor = build_schema(SALEOR.read_text())
    lines = compare(ours, saleor, "--all" in argv)
    for line in lines:
        print(line)
    catalogue = [line for line in lines if "(other area)" not in line and "ours only" not in line]
    print(f"\n{len(catalogue)} catalogue differences ({len(lines)} lines in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Saleor's apps: extensions installed with their own tokens, webhooks and dashboard extensions.

Xứ Quảng Market runs no apps (the back office, the kiosks' pages and the producers' portal are our own pages, and
we send no webhooks), so no App is ever answered: every list of apps (a customer event's app, Shop.availableTaxApps)
is empty. The types an app reaches are here with Saleor's names and shapes so that a dashboard's or storefront's
generated queries validate; none has a resolver of its own, since none is ever asked of a real object.
"""

import graphene
from graphene import relay

from marketplace.graphql.core import JSON, CountableConnection
from marketplace.graphql.inputs import OrderDirection

# The events an app is sent after they happen; the synchronous ones (payments, taxes, shipping methods) wait for
# its answer. Saleor lists them all in this order.
ASYNC_WEBHOOK_EVENT_TYPES = (
    "ANY_EVENTS",
    "ACCOUNT_CONFIRMATION_REQUESTED",
    "ACCOUNT_CHANGE_EMAIL_REQUESTED",
    "ACCOUNT_EMAIL_CHANGED",
    "ACCOUNT_SET_PASSWORD_REQUESTED",
    "ACCOUNT_CONFIRMED",
    "ACCOUNT_DELETE_REQUESTED",
    "ACCOUNT_DELETED",
    "ADDRESS_CREATED",
    "ADDRESS_UPDATED",
    "ADDRESS_DELETED",
    "APP_INSTALLED",
    "APP_UPDATED",
    "APP_DELETED",
    "APP_STATUS_CHANGED",
    "ATTRIBUTE_CREATED",
    "ATTRIBUTE_UPDATED",
    "ATTRIBUTE_DELETED",
    "ATTRIBUTE_VALUE_CREATED",
    "ATTRIBUTE_VALUE_UPDATED",
    "ATTRIBUTE_VALUE_DELETED",
    "CATEGORY_CREATED",
    "CATEGORY_UPDATED",
    "CATEGORY_DELETED",
    "CHANNEL_CREATED",
    "CHANNEL_UPDATED",
    "CHANNEL_DELETED",
    "CHANNEL_STATUS_CHANGED",
    "CHANNEL_METADATA_UPDATED",
    "GIFT_CARD_CREATED",
    "GIFT_CARD_UPDATED",
    "GIFT_CARD_DELETED",
    "GIFT_CARD_SENT",
    "GIFT_CARD_STATUS_CHANGED",
    "GIFT_CARD_METADATA_UPDATED",
    "MENU_CREATED",
    "MENU_UPDATED",
    "MENU_DELETED",
    "MENU_ITEM_CREATED",
    "MENU_ITEM_UPDATED",
    "MENU_ITEM_DELETED",
    "ORDER_CREATED",
    "ORDER_CONFIRMED",
    "ORDER_PAID",
    "ORDER_FULLY_PAID",
    "ORDER_REFUNDED",
    "ORDER_FULLY_REFUNDED",
    "ORDER_UPDATED",
    "ORDER_CANCELLED",
    "ORDER_EXPIRED",
    "ORDER_FULFILLED",
    "ORDER_METADATA_UPDATED",
    "ORDER_BULK_CREATED",
    "FULFILLMENT_CREATED",
    "FULFILLMENT_CANCELED",
    "FULFILLMENT_APPROVED",
    "FULFILLMENT_METADATA_UPDATED",
    "FULFILLMENT_TRACKING_NUMBER_UPDATED",
    "DRAFT_ORDER_CREATED",
    "DRAFT_ORDER_UPDATED",
    "DRAFT_ORDER_DELETED",
    "SALE_CREATED",
    "SALE_UPDATED",
    "SALE_DELETED",
    "SALE_TOGGLE",
    "PROMOTION_CREATED",
    "PROMOTION_UPDATED",
    "PROMOTION_DELETED",
    "PROMOTION_STARTED",
    "PROMOTION_ENDED",
    "PROMOTION_RULE_CREATED",
    "PROMOTION_RULE_UPDATED",
    "PROMOTION_RULE_DELETED",
    "INVOICE_REQUESTED",
    "INVOICE_DELETED",
    "INVOICE_SENT",
    "CUSTOMER_CREATED",
    "CUSTOMER_UPDATED",
    "CUSTOMER_DELETED",
    "CUSTOMER_METADATA_UPDATED",
    "CUSTOMER_TYPE_CREATED",
    "CUSTOMER_TYPE_UPDATED",
    "CUSTOMER_TYPE_DELETED",
    "COLLECTION_CREATED",
    "COLLECTION_UPDATED",
    "COLLECTION_DELETED",
    "COLLECTION_METADATA_UPDATED",
    "PRODUCT_CREATED",
    "PRODUCT_UPDATED",
    "PRODUCT_DELETED",
    "PRODUCT_METADATA_UPDATED",
    "PRODUCT_EXPORT_COMPLETED",
    "PRODUCT_TYPE_CREATED",
    "PRODUCT_TYPE_UPDATED",
    "PRODUCT_TYPE_DELETED",
    "PRODUCT_MEDIA_CREATED",
    "PRODUCT_MEDIA_UPDATED",
    "PRODUCT_MEDIA_DELETED",
    "PRODUCT_VARIANT_CREATED",
    "PRODUCT_VARIANT_UPDATED",
    "PRODUCT_VARIANT_DELETED",
    "PRODUCT_VARIANT_METADATA_UPDATED",
    "PRODUCT_VARIANT_OUT_OF_STOCK",
    "PRODUCT_VARIANT_BACK_IN_STOCK",
    "PRODUCT_VARIANT_STOCK_UPDATED",
    "PRODUCT_VARIANT_OUT_OF_STOCK_IN_CHANNEL",
    "PRODUCT_VARIANT_BACK_IN_STOCK_IN_CHANNEL",
    "PRODUCT_VARIANT_OUT_OF_STOCK_FOR_CLICK_AND_COLLECT",
    "PRODUCT_VARIANT_BACK_IN_STOCK_FOR_CLICK_AND_COLLECT",
    "PRODUCT_VARIANT_DISCOUNTED_PRICE_UPDATED",
    "CHECKOUT_CREATED",
    "CHECKOUT_UPDATED",
    "CHECKOUT_FULLY_AUTHORIZED",
    "CHECKOUT_FULLY_PAID",
    "CHECKOUT_METADATA_UPDATED",
    "NOTIFY_USER",
    "PAGE_CREATED",
    "PAGE_UPDATED",
    "PAGE_DELETED",
    "PAGE_TYPE_CREATED",
    "PAGE_TYPE_UPDATED",
    "PAGE_TYPE_DELETED",
    "PERMISSION_GROUP_CREATED",
    "PERMISSION_GROUP_UPDATED",
    "PERMISSION_GROUP_DELETED",
    "SHIPPING_PRICE_CREATED",
    "SHIPPING_PRICE_UPDATED",
    "SHIPPING_PRICE_DELETED",
    "SHIPPING_ZONE_CREATED",
    "SHIPPING_ZONE_UPDATED",
    "SHIPPING_ZONE_DELETED",
    "SHIPPING_ZONE_METADATA_UPDATED",
    "STAFF_CREATED",
    "STAFF_UPDATED",
    "STAFF_DELETED",
    "STAFF_SET_PASSWORD_REQUESTED",
    "TRANSACTION_ITEM_METADATA_UPDATED",
    "TRANSLATION_CREATED",
    "TRANSLATION_UPDATED",
    "WAREHOUSE_CREATED",
    "WAREHOUSE_UPDATED",
    "WAREHOUSE_DELETED",
    "WAREHOUSE_METADATA_UPDATED",
    "VOUCHER_CREATED",
    "VOUCHER_UPDATED",
    "VOUCHER_DELETED",
    "VOUCHER_CODES_CREATED",
    "VOUCHER_CODES_DELETED",
    "VOUCHER_METADATA_UPDATED",
    "OBSERVABILITY",
    "THUMBNAIL_CREATED",
    "SHOP_METADATA_UPDATED",
)
SYNC_WEBHOOK_EVENT_TYPES = (
    "PAYMENT_LIST_GATEWAYS",
    "PAYMENT_AUTHORIZE",
    "PAYMENT_CAPTURE",
    "PAYMENT_REFUND",
    "PAYMENT_VOID",
    "PAYMENT_CONFIRM",
    "PAYMENT_PROCESS",
    "CHECKOUT_CALCULATE_TAXES",
    "ORDER_CALCULATE_TAXES",
    "TRANSACTION_CHARGE_REQUESTED",
    "TRANSACTION_REFUND_REQUESTED",
    "TRANSACTION_CANCELATION_REQUESTED",
    "SHIPPING_LIST_METHODS_FOR_CHECKOUT",
    "CHECKOUT_FILTER_SHIPPING_METHODS",
    "ORDER_FILTER_SHIPPING_METHODS",
    "PAYMENT_GATEWAY_INITIALIZE_SESSION",
    "TRANSACTION_INITIALIZE_SESSION",
    "TRANSACTION_PROCESS_SESSION",
    "LIST_STORED_PAYMENT_METHODS",
    "STORED_PAYMENT_METHOD_DELETE_REQUESTED",
    "PAYMENT_GATEWAY_INITIALIZE_TOKENIZATION_SESSION",
    "PAYMENT_METHOD_INITIALIZE_TOKENIZATION_SESSION",
    "PAYMENT_METHOD_PROCESS_TOKENIZATION_SESSION",
)
WEBHOOK_EVENT_TYPES = ASYNC_WEBHOOK_EVENT_TYPES + SYNC_WEBHOOK_EVENT_TYPES

WebhookEventTypeEnum = graphene.Enum("WebhookEventTypeEnum", [(name, name) for name in WEBHOOK_EVENT_TYPES])
WebhookEventTypeSyncEnum = graphene.Enum(
    "WebhookEventTypeSyncEnum", [(name, name) for name in SYNC_WEBHOOK_EVENT_TYPES]
)
WebhookEventTypeAsyncEnum = graphene.Enum(
    "WebhookEventTypeAsyncEnum", [(name, name) for name in ASYNC_WEBHOOK_EVENT_TYPES]
)
EventDeliveryStatusEnum = graphene.Enum(
    "EventDeliveryStatusEnum", [(name, name) for name in ("PENDING", "SUCCESS", "FAILED")]
)
EventDeliverySortField = graphene.Enum("EventDeliverySortField", [("CREATED_AT", "CREATED_AT")])
EventDeliveryAttemptSortField = graphene.Enum("EventDeliveryAttemptSortField", [("CREATED_AT", "CREATED_AT")])
AppTypeEnum = graphene.Enum("AppTypeEnum", [("LOCAL", "LOCAL"), ("THIRDPARTY", "THIRDPARTY")])
CircuitBreakerStateEnum = graphene.Enum(
    "CircuitBreakerStateEnum", [(name, name) for name in ("CLOSED", "HALF_OPEN", "OPEN")]
)
AppProblemDismissedByEnum = graphene.Enum("AppProblemDismissedByEnum", [("APP", "APP"), ("USER", "USER")])
IconThumbnailFormatEnum = graphene.Enum("IconThumbnailFormatEnum", [("ORIGINAL", "ORIGINAL"), ("WEBP", "WEBP")])


class AppBrandLogo(graphene.ObjectType):
    default = graphene.String(
        required=True,
        size=graphene.Int(),
        format=graphene.Argument(IconThumbnailFormatEnum, default_value=IconThumbnailFormatEnum.ORIGINAL.value),
    )


class AppBrand(graphene.ObjectType):
    logo = graphene.Field(AppBrandLogo, required=True)


class AppToken(graphene.ObjectType):
    name = graphene.String()
    auth_token = graphene.String()

    class Meta:
        interfaces = (relay.Node,)


class AppExtension(graphene.ObjectType):
    permissions = graphene.List(graphene.NonNull("marketplace.graphql.staff.Permission"), required=True)
    label = graphene.String(required=True)
    url = graphene.String(required=True)
    mount_name = graphene.String(required=True)
    target_name = graphene.String(required=True)
    settings = graphene.Field(JSON, required=True)
    identifier = graphene.String()
    app = graphene.Field("marketplace.graphql.staff.App", required=True)
    access_token = graphene.String()

    class Meta:
        interfaces = (relay.Node,)


class AppProblemDismissed(graphene.ObjectType):
    by = graphene.Field(AppProblemDismissedByEnum, required=True)
    user = graphene.Field("marketplace.graphql.account.User")
    user_email = graphene.String()


class AppProblem(graphene.ObjectType):
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    count = graphene.Int(required=True)
    is_critical = graphene.Boolean(required=True)
    dismissed = graphene.Field(AppProblemDismissed)
    message = graphene.String(required=True)
    key = graphene.String(required=True)

    class Meta:
        interfaces = (relay.Node,)


class EventDeliverySortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(EventDeliverySortField, required=True)


class EventDeliveryAttemptSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(EventDeliveryAttemptSortField, required=True)


class EventDeliveryFilterInput(graphene.InputObjectType):
    status = graphene.Field(EventDeliveryStatusEnum)
    event_type = graphene.Field(WebhookEventTypeEnum)


class EventDeliveryAttempt(graphene.ObjectType):
    created_at = graphene.DateTime(required=True)
    task_id = graphene.String()
    duration = graphene.Float()
    response = graphene.String()
    response_headers = graphene.String()
    response_status_code = graphene.Int()
    request_headers = graphene.String()
    status = graphene.Field(EventDeliveryStatusEnum, required=True)

    class Meta:
        interfaces = (relay.Node,)


class EventDeliveryAttemptCountableConnection(CountableConnection):
    class Meta:
        node = EventDeliveryAttempt
        strict_types = True


class EventDelivery(graphene.ObjectType):
    created_at = graphene.DateTime(required=True)
    status = graphene.Field(EventDeliveryStatusEnum, required=True)
    event_type = graphene.Field(WebhookEventTypeEnum, required=True)
    attempts = relay.ConnectionField(
        EventDeliveryAttemptCountableConnection, sort_by=EventDeliveryAttemptSortingInput()
    )
    payload = graphene.String()

    class Meta:
        interfaces = (relay.Node,)


class EventDeliveryCountableConnection(CountableConnection):
    class Meta:
        node = EventDelivery
        strict_types = True


class WebhookEvent(graphene.ObjectType):
    name = graphene.String(required=True)
    event_type = graphene.Field(WebhookEventTypeEnum, required=True)


class WebhookEventSync(graphene.ObjectType):
    name = graphene.String(required=True)
    event_type = graphene.Field(WebhookEventTypeSyncEnum, required=True)


class WebhookEventAsync(graphene.ObjectType):
    name = graphene.String(required=True)
    event_type = graphene.Field(WebhookEventTypeAsyncEnum, required=True)


class Webhook(graphene.ObjectType):
    name = graphene.String()
    identifier = graphene.String()
    events = graphene.List(
        graphene.NonNull(WebhookEvent),
        required=True,
        deprecation_reason="Use `asyncEvents` or `syncEvents` instead.",
    )
    sync_events = graphene.List(graphene.NonNull(WebhookEventSync), required=True)
    async_events = graphene.List(graphene.NonNull(WebhookEventAsync), required=True)
    app = graphene.Field("marketplace.graphql.staff.App", required=True)
    event_deliveries = relay.ConnectionField(
        EventDeliveryCountableConnection, sort_by=EventDeliverySortingInput(), filter=EventDeliveryFilterInput()
    )
    target_url = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    secret_key = graphene.String(
        deprecation_reason="As of Saleor 3.5, webhook payloads default to signing using a verifiable JWS."
    )
    subscription_query = graphene.String()
    custom_headers = graphene.JSONString()

    class Meta:
        interfaces = (relay.Node,)

"""The manager's catalogue pages: groups, products with their variants, photos and certificates, prices.

New products and photos go through the catalogue services, so the admin cannot store what the services refuse:
a photo is checked by content (a renamed text file or a decompression bomb is refused next to the field) and
stored cleaned. Photos are immutable once stored, because their thumbnails are cached forever under their id:
to change a photo, delete it and upload another.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, F, Prefetch
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from inventory.selectors import gift_set_availability_by_location
from marketplace.catalogue import images, services
from marketplace.catalogue.models import (
    Category,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    CollectionTranslation,
    GiftSetComponent,
    Product,
    ProductEvent,
    ProductMedia,
    ProductRevision,
    ProductVariant,
)
from marketplace.catalogue.templatetags.catalogue_images import thumbnail_url
from marketplace.channels.models import ProductChannelListing, ProductVariantChannelListing
from marketplace.core.admin_mixins import (
    ReadOnlyAdminMixin,
    SafeAutocompleteMixin,
    SaveThroughServiceMixin,
    save_formset_through_services,
)
from marketplace.core.errors import DomainError
from marketplace.core.forms import as_validation_error
from marketplace.producers.models import OcopCertificate, RuralIndustryRecognition

admin.site.site_header = _("Quản trị Xứ Quảng Market")
admin.site.site_title = _("Quản trị Xứ Quảng Market")
admin.site.index_title = _("Quản lý chương trình OCOP")

PREVIEW_SIZE = 128


def preview(media) -> str:
    if not media or not media.pk:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px">',
        thumbnail_url(media, PREVIEW_SIZE),
        media.alt,
        PREVIEW_SIZE,
        PREVIEW_SIZE,
    )


@admin.register(Category)
class CategoryAdmin(SafeAutocompleteMixin, SaveThroughServiceMixin, admin.ModelAdmin):
    create_service = services.create_category
    list_display = ["tree_name", "parent", "sort_order", "product_count"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    # OCOP groups have one level of subgroups: each group is followed by its own subgroups.
    ordering = [
        Coalesce("parent__sort_order", "sort_order").asc(),
        Coalesce("parent__name", "name").asc(),
        F("parent").asc(nulls_first=True),
        "sort_order",
        "name",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=Count("products"))

    def update_through_service(self, obj, user, fields):
        return services.update_category(category=obj, **fields)

    @admin.display(description=_("tên"), ordering="name")
    def tree_name(self, category):
        return f"— {category.name}" if category.parent_id else category.name

    @admin.display(description=_("số sản phẩm"), ordering="product_count")
    def product_count(self, category):
        return category.product_count


class ProductMediaForm(forms.ModelForm):
    class Meta:
        model = ProductMedia
        fields = ["image", "alt", "sort_order"]
        # Django's ImageField would open the file with its own, vaguer checks; ours say why a file is refused.
        field_classes = {"image": forms.FileField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["image"].disabled = True

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if not self.instance.pk:
            try:
                images.validate(upload)
            except DomainError as error:
                raise as_validation_error(error) from error
        return upload


class ProductMediaInline(admin.TabularInline):
    model = ProductMedia
    form = ProductMediaForm
    fields = ["preview", "image", "alt", "sort_order"]
    readonly_fields = ["preview"]
    extra = 1

    @admin.display(description=_("xem trước"))
    def preview(self, media):
        return preview(media)


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    fields = ["sku", "name", "name_en", "barcode", "weight_grams", "track_inventory", "sort_order"]
    extra = 0
    show_change_link = True  # prices per channel are edited on the variant's own page

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")  # each row's title names its product


class GiftSetComponentInline(SafeAutocompleteMixin, admin.TabularInline):
    """A gift set's parts: a variant of another product (typed into the autocomplete) and how many go in a box."""

    model = GiftSetComponent
    fk_name = "gift_set"
    fields = ["component", "quantity", "sort_order"]
    autocomplete_fields = ["component"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("component__product")


class ChannelChoicesOnceMixin:
    """An inline with a channel select in every row: list the channels once per page, not once per row."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "channel":
            # Each row's copy of the field shares this list. iter() first: list() would ask the length, a COUNT.
            field.choices = list(iter(field.choices))
        return field

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel")  # each row's title names its channel


class RecognitionForm(forms.ModelForm):
    """A recognition's form: its scan is checked by its content (catalogue.services.validate_certificate_document)
    next to the field. Subclasses name the model."""

    def clean_document(self):
        document = self.cleaned_data["document"]
        if "document" in self.changed_data and document:
            try:
                services.validate_certificate_document(document)
            except DomainError as error:
                raise as_validation_error(error) from error
        return document


class OcopCertificateForm(RecognitionForm):
    class Meta:
        model = OcopCertificate
        fields = ["product", *services.CERTIFICATE_FIELDS]


class RuralIndustryRecognitionForm(RecognitionForm):
    class Meta:
        model = RuralIndustryRecognition
        fields = ["product", *services.RURAL_INDUSTRY_FIELDS]


class RuralIndustryRecognitionInline(admin.StackedInline):
    model = RuralIndustryRecognition
    form = RuralIndustryRecognitionForm
    fields = [
        ("level", "year", "group"),
        ("decision_number", "decision_date", "expires_on"),
        "authority",
        "document",
        "is_published",
    ]
    extra = 0


class OcopCertificateInline(admin.StackedInline):
    model = OcopCertificate
    form = OcopCertificateForm
    fields = [
        ("stars", "score"),
        ("decision_number", "decision_date", "expires_on"),
        ("authority", "batch_year"),
        "document",
    ]
    readonly_fields = ["expires_on"]
    extra = 0


class ChannelListingForm(forms.ModelForm):
    class Meta:
        model = ProductChannelListing
        fields = ["channel", "is_published", "published_at", "visible_in_listings"]
        labels = {"channel": _("kênh bán")}


class ProductChannelListingInline(ChannelChoicesOnceMixin, admin.TabularInline):
    model = ProductChannelListing
    form = ChannelListingForm
    extra = 0


# The Product fields create_product takes; the rest (channel listings, media) come from the inlines.
PRODUCT_CREATE_FIELDS = [
    "producer",
    "is_gift_set",
    *services.EDITABLE_PRODUCT_FIELDS,
    *services.TRANSLATED_PRODUCT_FIELDS,
    "status",
    "is_featured",
]


@admin.register(Product)
class ProductAdmin(SafeAutocompleteMixin, SaveThroughServiceMixin, admin.ModelAdmin):
    create_service = services.create_product
    create_fields = PRODUCT_CREATE_FIELDS
    list_display = ["name", "producer", "category", "status", "is_featured", "variant_count", "updated_at"]
    list_select_related = ["producer", "category"]
    list_filter = ["status", "is_featured", "category"]
    list_editable = ["is_featured"]
    search_fields = ["name", "slug", "search_plain", "variants__sku", "producer__name"]
    autocomplete_fields = ["producer", "category"]
    date_hierarchy = "created_at"
    inlines = [
        ProductVariantInline,
        ProductMediaInline,
        OcopCertificateInline,
        RuralIndustryRecognitionInline,
        ProductChannelListingInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "producer", "category", "status", "is_featured", "is_gift_set"]}),
        (
            _("Thông tin sản phẩm"),
            {"fields": ["description", "ingredients", "net_quantity", "shelf_life", "origin_place"]},
        ),
        (
            _("Tiếng Anh và SEO"),
            {"fields": list(services.TRANSLATED_PRODUCT_FIELDS), "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(variant_count=Count("variants"))

    def get_readonly_fields(self, request, obj=None):
        # Once a product exists, its status moves only through the review queue (approve_revision and friends),
        # which keeps the history and the live version straight; whether it is a gift set never changes.
        if obj is None:
            return []
        return ["status", "is_gift_set", "gift_set_availability"] if obj.is_gift_set else ["status", "is_gift_set"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.is_gift_set:
            return [*fieldsets, (_("Hộp quà"), {"fields": ["gift_set_availability"]})]
        return fieldsets

    def get_inlines(self, request, obj):
        # A set's parts are composed once the set exists (its kind is chosen on the add page).
        return [GiftSetComponentInline, *self.inlines] if obj is not None and obj.is_gift_set else self.inlines

    @admin.display(description=_("số hộp có thể bán theo địa điểm"))
    def gift_set_availability(self, product):
        # Boxes are assembled ahead at kiosks only, on the kiosk's "Hộp quà" page (inventory.services.
        # assemble_gift_sets): each kiosk's figure links there.
        rows = gift_set_availability_by_location(product)
        assemble = _("Đóng / tháo hộp")
        return format_html_join(
            "",
            "<div>{}: <strong>{}</strong>{}</div>",
            (
                (
                    place.name,
                    sets,
                    format_html(' · <a href="{}">{}</a>', reverse("pos:gift_sets", args=[place.slug]), assemble)
                    if place.kind == place.Kind.KIOSK
                    else "",
                )
                for place, sets in rows
            ),
        )

    def update_through_service(self, obj, user, fields):
        # list_editable's "is_featured" comes here too.
        return services.edit_product(product=obj, user=user, **fields)

    @admin.display(description=_("số quy cách"), ordering="variant_count")
    def variant_count(self, product):
        return product.variant_count

    def save_formset(self, request, form, formset, change):
        product, user = form.instance, request.user
        routes = {
            ProductVariant: {
                "create": lambda data: services.create_variant(
                    **{**_fields(data, services.MANAGER_VARIANT_FIELDS), "product": product}
                ),
                "update": lambda variant, values: services.edit_variant(variant=variant, user=user, **values),
                "delete": lambda variant: services.delete_variant(variant=variant),
            },
            # New photos through add_product_media, which stores a checked, cleaned copy.
            ProductMedia: {
                "create": lambda data: services.add_product_media(
                    product=product, uploaded_file=data["image"], alt=data["alt"]
                ),
                "update": lambda media, values: services.update_product_media(
                    media=media, alt=media.alt, sort_order=media.sort_order
                ),
                "delete": lambda media: services.delete_product_media(media=media),
            },
            **{
                model: {
                    "create": lambda data, model=model: services.add_recognition(
                        model, product=product, **_fields(data, model.EDITABLE_FIELDS)
                    ),
                    "update": lambda recognition, values: services.update_recognition(
                        recognition=recognition, **values
                    ),
                    "delete": lambda recognition: services.delete_recognition(recognition=recognition),
                }
                for model in services.RECOGNITION_MODELS
            },
        }
        routes[GiftSetComponent] = {
            "create": lambda data: services.add_gift_set_component(
                gift_set=product,
                component=data["component"],
                quantity=data["quantity"],
                sort_order=data.get("sort_order") or 0,
                user=user,
            ),
            "update": lambda entry, values: services.update_gift_set_component(
                entry=entry,
                quantity=values.get("quantity", entry.quantity),
                sort_order=values.get("sort_order"),
                user=user,
            ),
            "delete": lambda entry: services.remove_gift_set_component(entry=entry, user=user),
        }
        if formset.model not in routes:
            return super().save_formset(request, form, formset, change)
        return save_formset_through_services(formset, **routes[formset.model])


def _fields(cleaned_data: dict, names) -> dict:
    """The form's values of the named fields it has (an inline lists only some of a model's fields)."""
    return {name: cleaned_data[name] for name in names if name in cleaned_data}


class PriceListingForm(forms.ModelForm):
    class Meta:
        model = ProductVariantChannelListing
        fields = ["channel", "price_amount", "cost_price_amount"]
        labels = {"channel": _("kênh bán")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A price belongs to its channel: to sell elsewhere, add a row for that channel.
            self.fields["channel"].disabled = True

    def clean_price_amount(self):
        amount = self.cleaned_data["price_amount"]
        try:
            services.validate_price_amount(amount)
        except DomainError as error:
            raise as_validation_error(error) from error
        return amount


class ProductVariantChannelListingInline(ChannelChoicesOnceMixin, admin.TabularInline):
    model = ProductVariantChannelListing
    form = PriceListingForm
    extra = 0


@admin.register(ProductVariant)
class ProductVariantAdmin(SafeAutocompleteMixin, SaveThroughServiceMixin, admin.ModelAdmin):
    create_service = services.create_variant
    list_display = ["sku", "product", "name", "barcode", "weight_grams"]
    list_select_related = ["product"]
    search_fields = ["sku", "barcode", "product__name"]
    autocomplete_fields = ["product"]
    inlines = [ProductVariantChannelListingInline]

    def update_through_service(self, obj, user, fields):
        return services.edit_variant(variant=obj, user=user, **fields)

    def get_search_results(self, request, queryset, search_term):
        # The gift set editor's autocomplete offers only what may go into a set: no set inside a set.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == GiftSetComponent._meta.model_name:
            queryset = queryset.filter(product__is_gift_set=False)
        return queryset, may_have_duplicates

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProductVariantChannelListing:
            return super().save_formset(request, form, formset, change)
        variant = form.instance

        def set_price(channel, price_amount, cost_price_amount):  # also lists the product in the channel
            return services.set_variant_price(
                variant=variant, channel=channel, price_amount=price_amount, cost_price_amount=cost_price_amount
            )

        save_formset_through_services(
            formset,
            create=lambda data: set_price(data["channel"], data["price_amount"], data["cost_price_amount"]),
            # The row holds the form's values already; its channel is fixed (PriceListingForm).
            update=lambda listing, _values: set_price(listing.channel, listing.price_amount, listing.cost_price_amount),
            delete=lambda listing: services.remove_variant_price(variant=variant, channel=listing.channel),
        )


@admin.register(ProductRevision)
class ProductRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The review queue as a list; approving and rejecting happen on the portal's review page (through services)."""

    list_display = ["subject", "producer", "status", "submitted_at", "reviewed_by", "reviewed_at", "review_link"]
    list_select_related = ["product__producer", "startup_profile__producer", "reviewed_by"]
    list_filter = ["status"]
    search_fields = ["product__name", "product__producer__name", "startup_profile__project_name"]
    readonly_fields = [field.name for field in ProductRevision._meta.fields]

    @admin.display(description=_("đề xuất cho"))
    def subject(self, revision):
        return revision.subject

    @admin.display(description=_("chủ thể"))
    def producer(self, revision):
        return revision.subject.producer

    @admin.display(description=_("duyệt"))
    def review_link(self, revision):
        if revision.status != ProductRevision.Status.SUBMITTED:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("portal:review", args=[revision.pk]), _("Mở trang duyệt"))


@admin.register(ProductEvent)
class ProductEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every product's history (read-only): who did what, when, and which values changed."""

    list_display = ["created_at", "product", "kind", "user"]
    list_select_related = ["product", "user"]
    list_filter = ["kind"]
    search_fields = ["product__name", "user__email"]
    date_hierarchy = "created_at"


class CollectionForm(forms.ModelForm):
    """The background image is checked by its content next to the field; the service stores a cleaned copy."""

    class Meta:
        model = Collection
        fields = ["name", "slug", "description", "seo_title", "seo_description", "background_image"]
        fields += ["background_image_alt", "sort_order"]
        field_classes = {"background_image": forms.FileField}
        help_texts = {"description": _("Mỗi đoạn cách nhau một dòng trống; **chữ đậm**; [chữ](/duong-dan/).")}

    def clean_background_image(self):
        upload = self.cleaned_data["background_image"]
        if upload and "background_image" in self.changed_data:
            try:
                images.validate(upload)
            except DomainError as error:
                raise as_validation_error(error) from error
        return upload


class CollectionProductInline(SafeAutocompleteMixin, admin.TabularInline):
    model = CollectionProduct
    fields = ["product", "sort_order"]
    autocomplete_fields = ["product"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product")


class CollectionChannelListingForm(forms.ModelForm):
    class Meta:
        model = CollectionChannelListing
        fields = ["channel", "is_published", "published_at"]


class CollectionChannelListingInline(ChannelChoicesOnceMixin, admin.TabularInline):
    model = CollectionChannelListing
    form = CollectionChannelListingForm
    extra = 0


class CollectionTranslationInline(admin.StackedInline):
    model = CollectionTranslation
    fields = ["language_code", "name", "description", "seo_title", "seo_description"]
    extra = 0


@admin.register(Collection)
class CollectionAdmin(SaveThroughServiceMixin, admin.ModelAdmin):
    """Curated sets of products ("Quà tặng xứ Quảng"): their text, products in order, channels and English text."""

    form = CollectionForm
    create_service = services.create_collection
    list_display = ["name", "slug", "product_count", "channel_names", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CollectionProductInline, CollectionChannelListingInline, CollectionTranslationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "sort_order"]}),
        (_("Ảnh nền"), {"fields": ["background_image", "background_image_alt"]}),
        (_("Tìm kiếm (SEO)"), {"fields": ["seo_title", "seo_description"]}),
    ]

    def get_queryset(self, request):
        listed = CollectionChannelListing.objects.filter(is_published=True).select_related("channel")
        return (
            super()
            .get_queryset(request)
            .annotate(product_count=Count("collection_products", distinct=True))
            .prefetch_related(Prefetch("channel_listings", queryset=listed, to_attr="published_listings"))
        )

    def update_through_service(self, obj, user, fields):
        return services.update_collection(collection=obj, **fields)

    def delete_model(self, request, obj):
        services.delete_collection(collection=obj)

    def delete_queryset(self, request, queryset):
        for collection in queryset:
            services.delete_collection(collection=collection)

    @admin.display(description=_("số sản phẩm"), ordering="product_count")
    def product_count(self, collection):
        return collection.product_count

    @admin.display(description=_("hiển thị trên kênh"))
    def channel_names(self, collection):
        return ", ".join(listing.channel.name for listing in collection.published_listings) or "—"

    def save_formset(self, request, form, formset, change):
        collection = form.instance
        routes = {
            CollectionProduct: {
                "create": lambda data: services.add_product_to_collection(
                    collection=collection, product=data["product"], sort_order=data["sort_order"]
                ),
                "update": lambda entry, values: services.update_collection_entry(entry=entry, **values),
                "delete": lambda entry: services.remove_product_from_collection(entry=entry),
            },
            CollectionChannelListing: {
                "create": lambda data: services.set_collection_channel_listing(
                    collection=collection, **_fields(data, ["channel", "is_published", "published_at"])
                ),
                "update": lambda listing, values: services.set_collection_channel_listing(
                    collection=collection,
                    channel=listing.channel,
                    is_published=listing.is_published,
                    published_at=listing.published_at,
                ),
                "delete": lambda listing: services.remove_collection_channel_listing(listing=listing),
            },
            CollectionTranslation: {
                "create": lambda data: services.set_collection_translation(
                    collection=collection, **_fields(data, ["language_code", *services.COLLECTION_TRANSLATION_FIELDS])
                ),
                "update": lambda translation, values: services.set_collection_translation(
                    collection=collection, language_code=translation.language_code, **values
                ),
                "delete": lambda translation: services.remove_collection_translation(translation=translation),
            },
        }
        return save_formset_through_services(formset, **routes[formset.model])

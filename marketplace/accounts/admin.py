"""People: one account each, with the role that decides what they may touch (and their producer or kiosk)."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from inventory.models import Warehouse
from marketplace.accounts import services
from marketplace.accounts.models import Address, ProducerInvitation, User
from marketplace.core.admin_mixins import SafeAutocompleteMixin

ROLE_FIELDS = ["role", "producer", "kiosk"]


class AdminSignInForm(AdminAuthenticationForm):
    """Staff sign in with their email, which is their username: the field says so ("Email", not "Tên đăng nhập")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")


admin.site.login_form = AdminSignInForm


class RoleChecksMixin:
    """The role-to-link rule of the User constraints, said next to the field that breaks it."""

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == User.Role.PRODUCER and not cleaned.get("producer"):
            self.add_error("producer", _("Thành viên chủ thể phải thuộc một chủ thể OCOP."))
        if role != User.Role.PRODUCER and cleaned.get("producer"):
            self.add_error("producer", _("Chỉ thành viên chủ thể mới gắn với một chủ thể OCOP."))
        if role == User.Role.KIOSK_STAFF and not cleaned.get("kiosk"):
            self.add_error("kiosk", _("Nhân viên ki-ốt phải thuộc một ki-ốt."))
        if role != User.Role.KIOSK_STAFF and cleaned.get("kiosk"):
            self.add_error("kiosk", _("Chỉ nhân viên ki-ốt mới gắn với một ki-ốt."))
        return cleaned


class AccountCreationForm(RoleChecksMixin, UserCreationForm):
    """The e-mail address is the login (accounts.services.create_user makes it the username)."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["email", *ROLE_FIELDS]


class AccountChangeForm(RoleChecksMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class AddressInline(admin.TabularInline):
    """A shopper's address book, for a manager helping them; shoppers change it from their account pages."""

    model = Address
    extra = 0
    fields = readonly_fields = ["shipping_full_name", "phone", "shipping_street_address", "shipping_ward", "is_default"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(SafeAutocompleteMixin, DjangoUserAdmin):
    inlines = [AddressInline]
    form = AccountChangeForm
    add_form = AccountCreationForm
    list_display = ["username", "full_name", "role", "producer", "kiosk", "is_staff", "is_active"]
    list_select_related = ["producer", "kiosk"]
    list_filter = ["role", "is_staff", "is_active", ("kiosk", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "email", "first_name", "last_name", "phone"]
    autocomplete_fields = ["producer"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        (_("Vai trò"), {"fields": [*ROLE_FIELDS, "phone"]}),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", *ROLE_FIELDS, "password1", "password2"]}),
    ]

    def save_model(self, request, obj, form, change):
        # Accounts are created and changed through the accounts services, which keep the role's links and the
        # managers' group right; groups and permissions picked on the page are saved after (save_related).
        data = form.cleaned_data
        if change:
            fields = {name: data[name] for name in form.changed_data if name not in ("groups", "user_permissions")}
            saved = services.update_account(user=obj, **fields) if fields else obj
        else:
            saved = services.create_user(
                email=data["email"],
                password=data["password1"],
                role=data["role"],
                producer=data.get("producer"),
                kiosk=data.get("kiosk"),
            )
        obj.pk, obj.username, obj.password, obj.is_staff = saved.pk, saved.username, saved.password, saved.is_staff
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.sync_role_group(form.instance)  # the groups picked on the page must not drop a manager's own

    @admin.display(description=_("họ tên"), ordering="last_name")
    def full_name(self, user):
        return user.get_full_name()

    def get_inlines(self, request, obj):
        # A new account has no address book yet; an inline on the add page would only demand its empty formset.
        return self.inlines if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kiosk":
            kwargs["queryset"] = Warehouse.objects.filter(kind=Warehouse.Kind.KIOSK)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ProducerInvitation)
class ProducerInvitationAdmin(admin.ModelAdmin):
    """Who was invited to which producer, by whom, and whether they joined. Invitations are sent from the portal's
    invitation page, which goes through invite_producer_member (a signed link e-mailed once)."""

    list_display = ["email", "producer", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["producer", "invited_by"]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "producer__name"]
    readonly_fields = ["producer", "email", "invited_by", "created_at", "accepted_at", "user"]

    def has_add_permission(self, request):
        return False

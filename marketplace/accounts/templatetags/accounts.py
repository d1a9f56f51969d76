from django import template

from marketplace.accounts.selectors import addresses_for

register = template.Library()


@register.simple_tag(takes_context=True)
def saved_addresses(context):
    """The signed-in shopper's address book, for pages of other apps (checkout) to offer; nothing for a guest."""
    user = context["request"].user
    return list(addresses_for(user)) if user.is_authenticated else []

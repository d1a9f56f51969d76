from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.core.errors import DomainError
from marketplace.payments.services import handle_bank_notification
from marketplace.payments.stripe_payments import handle_webhook


@csrf_exempt  # Stripe cannot send a CSRF token; the signature check replaces it
@require_POST
def stripe_webhook(request):
    try:
        handle_webhook(request.body, request.headers.get("Stripe-Signature", ""))
    except DomainError as error:
        return HttpResponseBadRequest(error.message)
    return HttpResponse(status=200)


@csrf_exempt  # the bank cannot send a CSRF token; the HMAC signature check replaces it
@require_POST
def bank_notification(request):
    try:
        handle_bank_notification(request.body, request.headers.get("X-Signature", ""))
    except DomainError as error:
        return HttpResponseBadRequest(error.message)
    return HttpResponse(status=200)

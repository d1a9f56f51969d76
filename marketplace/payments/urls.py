from django.urls import path

from marketplace.payments import views

app_name = "payments"
urlpatterns = [
    path("thanh-toan/stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("thanh-toan/vietqr/thong-bao/", views.bank_notification, name="bank_notification"),
]

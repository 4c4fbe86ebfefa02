"""Read-only admin views of payments and webhook events: money only moves through the actions
(webhooks, the staff review page), never by editing a row here."""

from django.contrib import admin

from backend.payments.models import Payment, PaymentRefund, TransferReview, WebhookEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PaymentRefundInline(admin.TabularInline):
    model = PaymentRefund
    extra = 0
    can_delete = False
    readonly_fields = ("amount", "status", "provider_id", "note", "created_at", "sent_by", "sent_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("group", "method", "status", "amount", "currency", "reference", "paid_at", "created_at")
    list_filter = ("method", "status")
    search_fields = ("reference", "provider_id", "checkout_session_id", "group__number", "group__email")
    list_select_related = ("group",)
    inlines = [PaymentRefundInline]


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ("provider", "event_id", "event_type", "outcome", "payment", "received_at")
    list_filter = ("provider", "outcome")
    search_fields = ("event_id",)
    list_select_related = ("payment",)


@admin.register(TransferReview)
class TransferReviewAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "reason", "amount", "currency", "status", "payment")
    list_filter = ("status", "reason")
    list_select_related = ("payment",)

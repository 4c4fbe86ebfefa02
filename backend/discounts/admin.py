"""Staff manage platform-funded vouchers (and see the stalls') in the Django admin."""

from django.contrib import admin

from backend.discounts.models import Voucher, VoucherRedemption


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "stall",
        "channel",
        "kind",
        "value",
        "used",
        "usage_limit",
        "is_active",
        "ends_at",
    )
    list_filter = ("kind", "is_active", "channel")
    search_fields = ("code", "name", "stall__name")
    readonly_fields = ("used",)
    raw_id_fields = ("stall",)

    def save_model(self, request, obj, form, change) -> None:
        obj.code = obj.code.strip().upper()
        super().save_model(request, obj, form, change)


@admin.register(VoucherRedemption)
class VoucherRedemptionAdmin(admin.ModelAdmin):
    list_display = ("voucher", "group", "email", "amount", "created_at")
    raw_id_fields = ("voucher", "group", "user")

"""Platform staff can inspect stalls and members in Django admin."""

from django.contrib import admin

from backend.stalls.models import Stall, StallMember


class StallMemberInline(admin.TabularInline):
    model = StallMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Stall)
class StallAdmin(admin.ModelAdmin):
    list_display = ("name", "legal_form", "province_code", "status")
    list_filter = ("status", "legal_form")
    search_fields = ("name", "tax_code")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [StallMemberInline]

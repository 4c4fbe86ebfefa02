"""Platform staff manage users and official scopes in Django admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from backend.accounts.models import OfficialScope, User


class OfficialScopeInline(admin.TabularInline):
    model = OfficialScope
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "phone", "is_staff", "is_active", "is_confirmed")
    search_fields = ("email", "full_name", "phone")
    inlines = [OfficialScopeInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "phone", "language")}),
        ("Permissions", {"fields": ("is_active", "is_confirmed", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

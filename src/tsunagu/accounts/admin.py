from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tsunagu.accounts.models import Organization, User


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "phone", "is_active"]
    list_filter = ["is_active", "area"]
    search_fields = ["name", "name_kana"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "organization", "role", "is_active"]
    list_filter = ["role", "organization", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("所属と役割", {"fields": ("display_name", "organization", "role")}),
    )

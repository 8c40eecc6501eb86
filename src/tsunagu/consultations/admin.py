"""Only the managed catalogue is in the admin: personal records are read through the access
policy and its audit trail, which the admin would bypass."""

from django.contrib import admin

from tsunagu.consultations.models import IssueCategory


@admin.register(IssueCategory)
class IssueCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]

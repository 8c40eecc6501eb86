from django.contrib import admin

from tsunagu.core.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort_order"]

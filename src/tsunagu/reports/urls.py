from django.urls import path

from tsunagu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("expenses/", views.expenses, name="expenses"),
    path("expenses/<int:expense_id>/void/", views.expense_void, name="expense_void"),
]

"""Writes of the reports app: the expense ledger (事業費)."""

from django.db import transaction

from tsunagu.accounts.models import Role, User
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.privacy.services import audit_record
from tsunagu.reports.models import Expense


@transaction.atomic
def expense_record(*, recorded_by: User, **fields) -> Expense:
    """Record a cost of the programme. Only the municipality keeps the ledger."""
    if recorded_by.role != Role.MUNICIPAL_ADMIN:
        raise InvalidTransition("事業費を記録できるのは市町村担当です。")
    expense = Expense.objects.create(recorded_by=recorded_by, **fields)
    audit_record(
        actor=recorded_by,
        action="reports.expense.recorded",
        subject=expense,
        data={
            "fiscal_year": expense.fiscal_year,
            "programme": expense.programme,
            "source_field": expense.source_field,
            "amount": expense.amount,
        },
    )
    return expense

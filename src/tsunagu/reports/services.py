"""Writes of the reports app: the expense ledger (事業費)."""

from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import Role, User
from tsunagu.core.exceptions import InvalidTransition
from tsunagu.privacy.services import audit_record
from tsunagu.reports.models import Expense


@transaction.atomic
def expense_record(*, recorded_by: User, submission_token=None, **fields) -> tuple[Expense, bool]:
    """Record a cost of the programme; returns it and whether it is new (the same form sent
    twice records one cost). Only the municipality keeps the ledger."""
    if recorded_by.role != Role.MUNICIPAL_ADMIN:
        raise InvalidTransition("事業費を記録できるのは市町村担当です。")
    if submission_token is not None:
        existing = Expense.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing, False
    expense = Expense.objects.create(
        recorded_by=recorded_by, submission_token=submission_token, **fields
    )
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
    return expense, True


@transaction.atomic
def expense_void(*, expense: Expense, reason: str, by: User) -> Expense:
    """Void a wrong entry with a reason; it stays in the ledger, out of the totals."""
    if by.role != Role.MUNICIPAL_ADMIN:
        raise InvalidTransition("事業費を取り消せるのは市町村担当です。")
    if not reason.strip():
        raise InvalidTransition("取消の理由を入力してください。")
    locked = Expense.objects.select_for_update().get(pk=expense.pk)
    if locked.voided_at is not None:
        raise InvalidTransition("この事業費はすでに取り消されています。")
    locked.voided_at = timezone.now()
    locked.voided_by = by
    locked.void_reason = reason.strip()
    locked.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    audit_record(
        actor=by,
        action="reports.expense.voided",
        subject=locked,
        data={"amount": locked.amount, "fiscal_year": locked.fiscal_year},
    )
    return locked

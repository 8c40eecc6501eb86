"""Validators shared by every form that accepts free text or dates."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from tsunagu.core.mynumber import contains_my_number

MY_NUMBER_MESSAGE = (
    "個人番号（マイナンバー）と思われる12桁の番号が含まれています。"
    "tsunagu では個人番号を保存できません。番号を削除してから保存してください。"
)


def reject_my_number(value: str) -> None:
    """個人番号 must never be stored: refuse any text holding a number that passes its check."""
    if value and contains_my_number(value):
        raise ValidationError(MY_NUMBER_MESSAGE, code="my_number")


def reject_future_date(value: date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError("未来の日付は入力できません。", code="future_date")

"""Lists of choice values stored as JSON (分野, 世代, 配慮 …), shown as text."""

from django.db import models


def labels_of(values: list[str], choices: type[models.TextChoices]) -> str:
    """The labels of the stored values, in the choices' order, joined with ・."""
    return "・".join(label for value, label in choices.choices if value in values)

"""Form pieces every app uses: 和暦-aware dates and the 個人番号 guard."""

from datetime import date
from typing import Any

from django import forms

from tsunagu.core.validators import reject_future_date, reject_my_number
from tsunagu.core.wareki import WarekiError, format_wareki, parse_date


class JapaneseDateField(forms.Field):
    """A date typed in 西暦 or 和暦 (昭和16年4月1日, S16.4.1, 1941-04-01), shown in 和暦."""

    widget = forms.TextInput

    def __init__(self, *, allow_future: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", "西暦でも和暦でも入力できます（例: 昭和16年4月1日、S16.4.1、1941-04-01）"
        )
        super().__init__(**kwargs)
        if not allow_future:
            self.validators.append(reject_future_date)

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date) or value in self.empty_values:
            return value or None
        try:
            return parse_date(str(value))
        except WarekiError as error:
            raise forms.ValidationError(str(error), code="invalid_date") from error

    def prepare_value(self, value: Any) -> Any:
        return format_wareki(value) if isinstance(value, date) else value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update(
            {"inputmode": "text", "autocomplete": "off", "placeholder": "例: 昭和16年4月1日"}
        )
        return attrs


def _refuse_my_number(form: forms.BaseForm, cleaned: dict[str, Any]) -> dict[str, Any]:
    for name, value in list(cleaned.items()):
        if isinstance(value, str):
            try:
                reject_my_number(value)
            except forms.ValidationError as error:
                form.add_error(name, error)
    return cleaned


class GuardedForm(forms.Form):
    """Refuses a 個人番号 in any text field, with the message at that field."""

    def clean(self) -> dict[str, Any]:
        return _refuse_my_number(self, super().clean() or {})


class GuardedModelForm(forms.ModelForm):
    """GuardedForm for model forms."""

    def clean(self) -> dict[str, Any]:
        return _refuse_my_number(self, super().clean() or {})


def checkboxes(label: str, choices: Any, help_text: str = "") -> forms.MultipleChoiceField:
    """An optional several-of field shown as checkboxes (stored as a JSON list of values)."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )

import unicodedata
import uuid
from datetime import date

from django import forms
from django.utils import timezone

from tsunagu.accounts.models import Field, Organization
from tsunagu.core.forms import JapaneseDateField
from tsunagu.core.models import Area
from tsunagu.core.wareki import fiscal_year, fiscal_year_label
from tsunagu.reports.figures import Scope, fiscal_scope
from tsunagu.reports.models import Expense

FISCAL_MONTHS = [(m, f"{m}月") for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]


def fiscal_year_choices(today: date | None = None) -> list[tuple[int, str]]:
    current = fiscal_year(today or timezone.localdate())
    return [(y, fiscal_year_label(date(y, 4, 1))) for y in range(current, current - 6, -1)]


class ScopeForm(forms.Form):
    """The dashboard's filters: 年度, months, 圏域, organization, 分野."""

    year = forms.TypedChoiceField(label="年度", coerce=int, choices=())
    first_month = forms.TypedChoiceField(
        label="開始月", coerce=int, choices=FISCAL_MONTHS, initial=4
    )
    last_month = forms.TypedChoiceField(
        label="終了月", coerce=int, choices=FISCAL_MONTHS, initial=3
    )
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.all(), required=False, empty_label="市全域"
    )
    organization = forms.ModelChoiceField(
        label="機関",
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label="すべての機関",
    )
    field = forms.ChoiceField(
        label="分野", choices=[("", "すべての分野"), *Field.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = fiscal_year_choices()
        self.fields["year"].initial = fiscal_year(timezone.localdate())

    def clean(self):
        data = super().clean()
        order = [m for m, _ in FISCAL_MONTHS]
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and order.index(first) > order.index(last):
            self.add_error(
                "last_month", "終了月は開始月より後の月を選んでください（年度は4月始まり）。"
            )
        return data

    def scope(self) -> Scope:
        """The chosen scope, or this 年度 up to this month when the form is not valid."""
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return fiscal_scope(
                data["year"],
                data["first_month"],
                data["last_month"],
                area_id=data["area"].pk if data["area"] else None,
                organization_id=data["organization"].pk if data["organization"] else None,
                field=data["field"],
            )
        today = timezone.localdate()
        return fiscal_scope(fiscal_year(today), 4, today.month)


class ExpenseForm(forms.ModelForm):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    spent_on = JapaneseDateField(label="支出日")
    amount = forms.CharField(
        label="金額（円）",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="例: 1,200,000（「円」や桁区切りのカンマはあってもかまいません）",
        error_messages={"required": "金額を入力してください。"},
    )

    class Meta:
        model = Expense
        fields = ["fiscal_year", "programme", "source_field", "amount", "description", "spent_on"]
        widgets = {"fiscal_year": forms.Select(choices=())}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].widget.choices = fiscal_year_choices()
        for name in ("programme", "source_field"):
            self.fields[name].choices = [("", "選んでください"), *self.fields[name].choices[1:]]
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def clean_amount(self) -> int:
        text = unicodedata.normalize("NFKC", self.cleaned_data["amount"])
        text = "".join(text.split()).replace(",", "").removesuffix("円")
        if not text.isdigit() or int(text) < 1:
            raise forms.ValidationError("金額は1円以上の整数で入力してください（例: 1,200,000）。")
        return int(text)

    def clean(self):
        data = super().clean()
        year, spent = data.get("fiscal_year"), data.get("spent_on")
        if year and spent and fiscal_year(spent) != year:
            self.add_error(
                "spent_on", f"支出日が{fiscal_year_label(date(year, 4, 1))}の中にありません。"
            )
        return data

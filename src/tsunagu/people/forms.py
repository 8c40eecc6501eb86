from typing import Any

from django import forms

from tsunagu.core.forms import GuardedForm, GuardedModelForm, JapaneseDateField
from tsunagu.core.kana import is_kana
from tsunagu.people.models import Household, Person, Relation

KANA_MESSAGE = "フリガナはカタカナ（またはひらがな）で入力してください。"


class PersonForm(GuardedModelForm):
    birth_date = JapaneseDateField(label="生年月日", required=False)
    died_on = JapaneseDateField(
        label="死亡日",
        required=False,
        help_text="亡くなった家族をジェノグラムに描くために記録します",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].empty_label = "選択してください"

    class Meta:
        model = Person
        fields = [
            "family_name",
            "given_name",
            "family_name_kana",
            "given_name_kana",
            "birth_date",
            "died_on",
            "sex",
            "postal_code",
            "address",
            "area",
            "phone",
            "notes",
            "tax_information",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "tax_information": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def _clean_kana(self, name: str) -> str:
        value: str = self.cleaned_data.get(name, "")
        if value and not is_kana(value):
            raise forms.ValidationError(KANA_MESSAGE, code="kana")
        return value

    def clean_family_name_kana(self) -> str:
        return self._clean_kana("family_name_kana")

    def clean_given_name_kana(self) -> str:
        return self._clean_kana("given_name_kana")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        born, died = cleaned.get("birth_date"), cleaned.get("died_on")
        if born and died and died < born:
            self.add_error("died_on", "死亡日は生年月日より後の日付を入力してください。")
        return cleaned


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class HouseholdForm(GuardedModelForm):
    class Meta:
        model = Household
        fields = ["name", "address", "area", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class MemberAddForm(GuardedForm):
    person = forms.IntegerField(widget=forms.HiddenInput)
    relation = forms.ChoiceField(label="続柄", choices=Relation.choices)
    started_on = JapaneseDateField(label="転入日（世帯に加わった日）")

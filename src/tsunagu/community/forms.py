from typing import Any

from django import forms

from tsunagu.community.models import CommunityIssue, IssueSource, IssueStatus
from tsunagu.core.forms import GuardedForm, GuardedModelForm
from tsunagu.core.models import Area


class CommunityIssueForm(GuardedModelForm):
    """A new 地域課題. From a meeting page the source is the meeting and is not asked."""

    def __init__(self, *args: Any, from_meeting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].empty_label = "市全域"
        if from_meeting:
            del self.fields["source"]
        else:
            self.fields["source"].choices = [
                c for c in IssueSource.choices if c[0] != IssueSource.MEETING
            ]

    class Meta:
        model = CommunityIssue
        fields = ["title", "area", "source", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CommunityIssueUpdateForm(GuardedForm):
    status = forms.ChoiceField(label="状況", choices=IssueStatus.choices)
    response = forms.CharField(
        label="生まれた資源・取り組み",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例: 空き店舗を使った居場所を月2回開設",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("status") == IssueStatus.ADDRESSED
            and not cleaned.get("response", "").strip()
        ):
            self.add_error(
                "response", "対応済みにするときは、生まれた資源・取り組みを記入してください。"
            )
        return cleaned


class IssueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状況", choices=[("", "すべて"), *IssueStatus.choices], required=False
    )
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.all(), required=False, empty_label="すべて"
    )

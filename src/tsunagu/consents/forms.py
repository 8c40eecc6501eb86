from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from tsunagu.accounts.models import Field, Organization
from tsunagu.consents.models import DataCategory, GivenBy, Method, Purpose
from tsunagu.core.forms import GuardedForm, JapaneseDateField

EVIDENCE_SIGNATURES = {b"%PDF": "PDF", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG"}


class ConsentForm(GuardedForm):
    """本人同意の記録. The terms cannot be changed after saving; a change is a new consent."""

    given_by = forms.ChoiceField(
        label="同意した人", choices=GivenBy.choices, widget=forms.RadioSelect, initial="person"
    )
    giver_name = forms.CharField(label="代理人の氏名", required=False, max_length=64)
    giver_authority = forms.CharField(
        label="代理の根拠",
        required=False,
        max_length=128,
        help_text="例: 成年後見人（令和5年 家庭裁判所の審判）、親権者、委任状",
    )
    purposes = forms.MultipleChoiceField(
        label="利用目的",
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "利用目的を1つ以上選んでください。"},
    )
    recipient_organizations = forms.ModelMultipleChoiceField(
        label="提供先の機関",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_fields = forms.MultipleChoiceField(
        label="提供先の機関の種類（分野）",
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="選んだ分野の機関すべてが提供先になります",
    )
    data_categories = forms.MultipleChoiceField(
        label="提供する情報",
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "提供する情報を1つ以上選んでください。"},
    )
    method = forms.ChoiceField(label="同意の方法", choices=Method.choices, widget=forms.RadioSelect)
    witness = forms.CharField(
        label="立会人", required=False, max_length=64, help_text="口頭の同意では必須"
    )
    notice_version = forms.CharField(label="説明した文書の版", max_length=128)
    given_on = JapaneseDateField(label="同意日")
    expires_on = JapaneseDateField(
        label="有効期限", required=False, allow_future=True, help_text="空欄は期限なし"
    )
    evidence = forms.FileField(
        label="同意書の写し（PDF・PNG・JPEG）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_organizations"].queryset = organizations
        self.fields["recipient_organizations"].label_from_instance = lambda org: org.name
        self.initial.setdefault("notice_version", settings.TSUNAGU_CONSENT_NOTICE_VERSION)
        self.initial.setdefault("given_on", timezone.localdate())

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        if upload.size > settings.TSUNAGU_EVIDENCE_MAX_BYTES:
            raise forms.ValidationError("ファイルが大きすぎます（10MBまで）。")
        head = upload.read(4)
        upload.seek(0)
        if not any(head.startswith(signature) for signature in EVIDENCE_SIGNATURES):
            raise forms.ValidationError("PDF・PNG・JPEG のファイルを選んでください。")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("given_by") and cleaned["given_by"] != GivenBy.PERSON:
            for name, label in (("giver_name", "代理人の氏名"), ("giver_authority", "代理の根拠")):
                if not cleaned.get(name):
                    self.add_error(name, f"本人以外が同意したときは{label}を入力してください。")
        if cleaned.get("method") == Method.ORAL and not cleaned.get("witness"):
            self.add_error("witness", "口頭の同意では立会人を入力してください。")
        names_no_recipient = (
            "recipient_organizations" in cleaned
            and "recipient_fields" in cleaned
            and not cleaned["recipient_organizations"]
            and not cleaned["recipient_fields"]
        )
        if names_no_recipient:
            self.add_error(
                "recipient_organizations", "提供先の機関か、機関の種類を1つ以上選んでください。"
            )
        given_on, expires_on = cleaned.get("given_on"), cleaned.get("expires_on")
        if given_on and expires_on and expires_on < given_on:
            self.add_error("expires_on", "有効期限は同意日以降の日付にしてください。")
        return cleaned


class WithdrawForm(GuardedForm):
    note = forms.CharField(
        label="撤回の記録",
        required=False,
        max_length=255,
        help_text="例: 本人から電話で撤回の申し出（○月○日）",
    )

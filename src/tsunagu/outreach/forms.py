from typing import Any

from django import forms
from django.utils import timezone

from tsunagu.accounts.models import Organization, Program, User
from tsunagu.community.models import Actor
from tsunagu.core.forms import GuardedForm, JapaneseDateField
from tsunagu.core.models import Area
from tsunagu.outreach.models import EntryPoint, Method, Outcome, OutreachCase, Stage, Urgency

ABOUT_HELP = "氏名が分からなくても構いません。例: 北山町2丁目の角の家の息子さん（30代くらい）"


class _ReportFields(GuardedForm):
    entry_point = forms.ChoiceField(label="把握の経路", choices=EntryPoint.choices)
    about = forms.CharField(label="対象の人", max_length=128, help_text=ABOUT_HELP)
    address = forms.CharField(label="住所・場所", max_length=255, required=False)
    noticed = forms.CharField(
        label="気づいたこと",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="いつ、どのような様子だったか",
        error_messages={"required": "気づいたことを入力してください。"},
    )
    urgency = forms.ChoiceField(
        label="緊急度", choices=Urgency.choices, widget=forms.RadioSelect, initial=Urgency.MEDIUM
    )


class ReportReceiveForm(_ReportFields):
    """情報提供を受けた: recorded by the outreach organization."""

    received_on = JapaneseDateField(label="情報提供日")
    reporter = forms.CharField(
        label="情報提供者",
        max_length=128,
        help_text="例: 北山地区の民生委員、新聞販売店の配達員。個人名は必要なときだけ",
    )
    reporter_organization = forms.ModelChoiceField(
        label="情報提供者の機関",
        queryset=Organization.objects.filter(is_active=True),
        required=False,
        empty_label="機関に属さない（住民・事業者など）",
    )
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.all(), required=False, empty_label="分からない"
    )
    outreach_case = forms.ModelChoiceField(
        label="すでに関わっている人なら選ぶ",
        queryset=OutreachCase.objects.none(),
        required=False,
        empty_label="新しい対象として受け付ける",
    )

    def __init__(self, *args: Any, open_cases: list[OutreachCase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outreach_case"].queryset = OutreachCase.objects.filter(
            pk__in=[c.pk for c in open_cases]
        )
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())


class ReportSendForm(_ReportFields):
    """情報提供を送る: any organization tells an outreach organization."""

    organization = forms.ModelChoiceField(
        label="送り先",
        queryset=Organization.objects.none(),
        empty_label="選んでください",
        help_text="アウトリーチ等継続支援を実施する機関",
    )
    noticed_by = forms.ModelChoiceField(
        label="気づいた担い手",
        queryset=Actor.objects.order_by("name"),
        required=False,
        empty_label="自分（職員）が気づいた",
        help_text="地域の担い手（民生委員・自治会・商店など）の気づきを届けるとき",
    )
    field_order = [
        "organization",
        "noticed_by",
        "entry_point",
        "about",
        "address",
        "noticed",
        "urgency",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # programs is a JSON list: which organizations do outreach is decided in Python
        active = Organization.objects.filter(is_active=True)
        outreach = [o.pk for o in active if Program.OUTREACH in o.programs]
        self.fields["organization"].queryset = active.filter(pk__in=outreach)
        if not self.is_bound:
            self.initial.setdefault("entry_point", EntryPoint.PROFESSIONAL)
            if len(outreach) == 1:
                self.initial.setdefault("organization", outreach[0])


class AttemptForm(GuardedForm):
    occurred_on = JapaneseDateField(label="実施日")
    method = forms.ChoiceField(label="方法", choices=Method.choices, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(label="結果", choices=Outcome.choices, widget=forms.RadioSelect)
    content = forms.CharField(
        label="内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例: 本人の好きなゲームのイベント案内を添えた手紙を郵便受けに入れた",
        error_messages={"required": "内容を入力してください。"},
    )
    next_step = forms.CharField(label="次の一手", max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("occurred_on", timezone.localdate())


class StageForm(GuardedForm):
    to_stage = forms.ChoiceField(
        label="新しい段階",
        choices=[c for c in Stage.choices if c[0] != Stage.CONNECTED],
    )
    reason = forms.CharField(
        label="理由",
        max_length=255,
        help_text="例: 転居のため中断、家族から本人の拒否が強いと連絡",
        error_messages={"required": "理由を入力してください。"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseForm(GuardedForm):
    label = forms.CharField(label="呼び名", max_length=128, help_text=ABOUT_HELP)
    address = forms.CharField(label="住所・場所", max_length=255, required=False)
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.all(), required=False, empty_label="分からない"
    )
    description = forms.CharField(
        label="分かっていること", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    interval_days = forms.IntegerField(
        label="接触の間隔（日）",
        min_value=1,
        max_value=365,
        help_text="この日数を過ぎて接触がないと、一覧で知らせます",
    )
    assigned_to = forms.ModelChoiceField(
        label="担当職員", queryset=User.objects.none(), required=False, empty_label="未定"
    )
    family_support = forms.CharField(
        label="家族への支援",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="本人に会えない間も続ける、家族への関わり",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = organization.staff.filter(is_active=True).order_by(
            "username"
        )


class CaseloadFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label="段階", choices=[("", "継続中すべて"), *Stage.choices], required=False
    )
    area = forms.ModelChoiceField(
        label="圏域", queryset=Area.objects.all(), required=False, empty_label="すべて"
    )
    assigned_to = forms.ModelChoiceField(
        label="担当職員", queryset=User.objects.none(), required=False, empty_label="すべて"
    )
    overdue = forms.BooleanField(label="間隔を過ぎたものだけ", required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = organization.staff.filter(is_active=True).order_by(
            "username"
        )

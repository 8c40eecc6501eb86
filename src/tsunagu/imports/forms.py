from django import forms

from tsunagu.core.forms import GuardedForm


class BundleForm(GuardedForm):
    """The reason for writing out every record (kept in the audit entry)."""

    reason = forms.CharField(
        label="書き出す理由",
        max_length=200,
        help_text="監査記録に残ります。例: 新しいシステムへの移行のため",
        error_messages={"required": "書き出す理由を入力してください。"},
    )

import unicodedata

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "ユーザー名またはパスワードが正しくありません。",
        "inactive": "このアカウントは無効です。",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "ユーザー名"
        self.fields["password"].label = "パスワード"


class OTPTokenForm(forms.Form):
    """The 6-digit code from the authenticator app. 全角 digits and spaces are accepted."""

    token = forms.CharField(
        label="確認コード（6桁）",
        help_text="認証アプリに表示されている6桁の数字を入力してください。",
        max_length=16,
        error_messages={"required": "確認コードを入力してください。"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_token(self) -> str:
        token = "".join(unicodedata.normalize("NFKC", self.cleaned_data["token"]).split())
        if not (len(token) == 6 and token.isascii() and token.isdigit()):
            raise forms.ValidationError("確認コードは6桁の数字で入力してください。")
        return token

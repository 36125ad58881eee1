"""The login form and the one-time code form."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form, refusing an over-long username before it reaches the database.

    AuthenticationForm only sets the field's maxlength attribute, not its validator: a username
    longer than the column reached django-axes' records and failed on PostgreSQL (500).
    """

    def clean_username(self):
        username = self.cleaned_data["username"]
        limit = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
        if len(username) > limit:
            raise forms.ValidationError(
                "Tên đăng nhập dài tối đa %(limit)d ký tự (đã nhập %(length)d ký tự).",
                code="username_too_long",
                params={"limit": limit, "length": len(username)},
            )
        return username


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app."""

    token = forms.CharField(
        label="Mã xác thực (6 chữ số)",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "Vui lòng nhập mã 6 chữ số trong ứng dụng xác thực.",
            "min_length": "Mã xác thực gồm đúng 6 chữ số.",
            "max_length": "Mã xác thực gồm đúng 6 chữ số.",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not (token.isascii() and token.isdigit()):
            raise forms.ValidationError("Mã xác thực chỉ gồm chữ số.", code="not_digits")
        return token

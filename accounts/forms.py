"""Login and password forms with GOV.UK wording."""

from django.contrib.auth import forms as auth_forms


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive. Contact the office's administrator.",
    }


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    pass

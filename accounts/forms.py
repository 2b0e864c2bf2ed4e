"""Login and password forms with GOV.UK wording."""

from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator

from core.forms import PlainMessagesMixin

PASSWORD_MAX = 1000  # longer than any password manager makes; hashing 10,000 chars is wasted work


class LoginForm(PlainMessagesMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive. Contact the office's administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets max_length after the field is built, so nothing enforces it:
        # a 10,000-character username would reach the lockout records (255 characters).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 150))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX))
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class PasswordChangeForm(PlainMessagesMixin, auth_forms.PasswordChangeForm):
    pass

"""Login, password change and forgotten-password forms with plain wording."""

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


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Asks for the e-mail address; the reply is the same whether or not an account has it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "Email address"
        field.help_text = "The address your account uses. We will send a link to reset it."
        field.error_messages["required"] = "Enter your email address"
        field.error_messages["invalid"] = "Enter an email address like name@example.org"


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"

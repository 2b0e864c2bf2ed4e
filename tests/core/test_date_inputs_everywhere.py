"""Every date field in the service is a GOV.UK date input: no form field renders the browser's
date picker, and every forms.DateField in a service form is core.forms.DateField."""

import importlib
import inspect

import pytest
from django import forms

from core.forms import DateField

SERVICE_FORM_MODULES = ["grants.forms", "providers.forms", "approvals.forms", "accounts.forms"]


def _service_forms():
    for name in SERVICE_FORM_MODULES:
        module = importlib.import_module(name)
        for _, klass in inspect.getmembers(module, inspect.isclass):
            if issubclass(klass, forms.BaseForm) and klass.__module__ == name:
                yield klass


@pytest.mark.parametrize("form_class", list(_service_forms()), ids=lambda k: k.__name__)
def test_no_browser_date_pickers(form_class):
    for name, field in form_class.base_fields.items():
        assert getattr(field.widget, "input_type", "") != "date", name
        if isinstance(field, forms.DateField | forms.DateTimeField):
            pytest.fail(f"{form_class.__name__}.{name} is not a GOV.UK date input")
        if "date" in name:
            assert isinstance(field, DateField), name

"""Forms for the providers directory: an organisation, a contact, and the directory's filters."""

from django import forms

from core.forms import PlainMessagesMixin
from core.widgets import GovukCheckboxes, GovukRadioSelect

from . import rules
from .models import Contact, District, Organisation, OrganisationKind, organisation_fields
from .selectors import COUNTYWIDE_AREA, DirectoryFilters
from .services import CONTACT_FIELDS, ORGANISATION_FIELDS, version_of


def _yes(value) -> bool:
    return value in (True, "True")


class OrganisationForm(PlainMessagesMixin, forms.ModelForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the organisation's name"},
    )
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=OrganisationKind.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the kind of organisation"},
    )
    countywide = forms.TypedChoiceField(
        label="Does it serve the whole county?",
        choices=((True, "Yes, the whole county"), (False, "No, named districts")),
        coerce=_yes,
        widget=GovukRadioSelect,
        error_messages={"required": "Select whether it serves the whole county or named districts"},
    )
    districts = forms.ModelMultipleChoiceField(
        label="Districts served",
        queryset=District.objects.order_by("name"),
        widget=GovukCheckboxes,
        required=False,
        help_text="Only if it serves named districts: select each one",
    )
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a website address, like https://www.example.org"},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address, like name@example.org"},
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = organisation_fields()
        labels = {"phone": "Phone number", "postcode": "Postcode"}
        help_texts = {
            "charity_number": "Needed for a registered charity, like 1123456, SC012345 or NIC100001",
            "company_number": "Needed for a company or CIC: 8 digits like 01234567, or like SC123456",
            "local": "Its main office is in the county",
            "is_active": "Untick when it no longer operates; its history is kept",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = version_of(self.instance)
        else:
            del self.fields["is_active"]
        self.fields["countywide"].help_text = ""

    def clean(self):
        data = super().clean()
        countywide = data.get("countywide")
        if countywide is None or "districts" in self.errors:
            return data
        problem = rules.area_served_error(
            countywide=countywide, district_count=len(data.get("districts") or [])
        )
        if problem:
            self.add_error("districts", problem)
        return data

    def details(self) -> dict:
        """The organisation's own fields, for services.create/update_organisation."""
        return {
            name: self.cleaned_data[name] for name in ORGANISATION_FIELDS if name in self.fields
        }


class ContactForm(PlainMessagesMixin, forms.ModelForm):
    name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the contact's name"}
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address, like name@example.org"},
    )

    class Meta:
        model = Contact
        fields = CONTACT_FIELDS
        labels = {"job_title": "Job title", "phone": "Phone number"}
        help_texts = {"is_primary": "The person the office contacts first (one per organisation)"}

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}


_ANY = ("", "Any")


class DirectoryFilterForm(PlainMessagesMixin, forms.Form):
    """The directory's search and filters, read from the query string (every field optional)."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="Name, town, postcode, charity or company number",
    )
    kind = forms.MultipleChoiceField(
        label="Kind of organisation",
        choices=OrganisationKind.choices,
        widget=GovukCheckboxes,
        required=False,
    )
    area = forms.ChoiceField(label="Area served", required=False)
    third_sector = forms.ChoiceField(
        label="Third sector",
        choices=(_ANY, ("yes", "Third sector"), ("no", "Not third sector")),
        widget=GovukRadioSelect,
        required=False,
    )
    local = forms.ChoiceField(
        label="Based in the county",
        choices=(_ANY, ("yes", "In the county"), ("no", "Outside the county")),
        widget=GovukRadioSelect,
        required=False,
    )
    active = forms.ChoiceField(
        label="Status",
        choices=(_ANY, ("yes", "Active"), ("no", "Inactive")),
        widget=GovukRadioSelect,
        required=False,
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [
            ("", "Anywhere"),
            (COUNTYWIDE_AREA, "The whole county"),
            *[(str(d.pk), d.name) for d in districts],
        ]
        self.fields["area"].help_text = "A district includes organisations serving the whole county"

    def _value(self, name: str):
        if not self.is_bound or name in self.errors:
            return self.fields[name].initial
        return self.cleaned_data.get(name)

    @staticmethod
    def _flag(value) -> bool | None:
        return {"yes": True, "no": False}.get(value or "")

    def search(self) -> str:
        self.is_valid()
        return self._value("q") or ""

    def filters(self) -> DirectoryFilters:
        self.is_valid()
        return DirectoryFilters(
            kinds=tuple(self._value("kind") or ()),
            area=self._value("area") or "",
            third_sector=self._flag(self._value("third_sector")),
            local=self._flag(self._value("local")),
            active=self._flag(self._value("active")),
        )

    def applied(self) -> list[tuple[str, str, str]]:
        """(parameter, value, label) for each filter in use, for the "selected filters" tags."""
        self.is_valid()
        chosen = []
        for name in ("kind", "area", "third_sector", "local", "active"):
            value = self._value(name)
            values = value if isinstance(value, list) else [value]
            labels = dict(self.fields[name].choices)
            for item in values:
                if item:
                    chosen.append((name, item, f"{self.fields[name].label}: {labels[item]}"))
        return chosen

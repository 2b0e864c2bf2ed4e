"""The providers directory: organisations, their contacts and the users who log in for them."""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from . import rules


class District(models.Model):
    """A named district an organisation may serve (reference data, admin-editable)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    CHARITY = "charity", "Charity"
    CIC = "cic", "Community interest company"
    COMPANY = "company", "Company"
    PUBLIC_BODY = "public_body", "Public body"
    OTHER = "other", "Other"


DUPLICATE_NAME_CODE = "duplicate_name"
DUPLICATE_NAME_MESSAGE = "An organisation with this name is already in the directory"
DUPLICATE_CHARITY_CODE = "duplicate_charity_number"
DUPLICATE_CHARITY_MESSAGE = "An organisation with this charity number is already in the directory"
DUPLICATE_COMPANY_CODE = "duplicate_company_number"
DUPLICATE_COMPANY_MESSAGE = "An organisation with this company number is already in the directory"
DUPLICATE_CONTACT_CODE = "duplicate_contact"
DUPLICATE_CONTACT_MESSAGE = "This organisation already has a contact with this name"


@contextmanager
def _constraint_errors_on(field: str, code: str, **more: str):
    """Report a unique clash (a non-field error to Django) on `field` (or on the field named by
    `more`: {code: field}), where forms and imports show it next to the value to change."""
    fields = {code: field, **{k: v for v, k in more.items()}}
    try:
        yield
    except ValidationError as error:
        errors = error.update_error_dict({})
        for item in errors.pop(NON_FIELD_ERRORS, []):
            target = fields.get(getattr(item, "code", None), NON_FIELD_ERRORS)
            errors.setdefault(target, []).append(item)
        raise ValidationError(errors) from None


def organisation_fields(*, districts: bool = True, is_active: bool = True) -> tuple[str, ...]:
    """The organisation fields people edit (forms, admin, spreadsheets, services), in page order."""
    fields = [
        "name", "kind", "charity_number", "company_number", "address_line_1", "address_line_2",
        "town", "postcode", "countywide", *(["districts"] if districts else []), "third_sector",
        "local", "website", "email", "phone", *(["is_active"] if is_active else []),
    ]  # fmt: skip
    return tuple(fields)


class Organisation(models.Model):
    """A provider (or partner) organisation: a charity, CIC, company or public body."""

    name = models.CharField(max_length=200)
    name_key = models.CharField(
        max_length=200,
        editable=False,
        default="",
        help_text="The name folded for duplicate checks (providers.rules.name_key)",
    )
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    charity_number = models.CharField(max_length=12, blank=True)
    company_number = models.CharField(max_length=8, blank=True)
    address_line_1 = models.CharField("Address line 1", max_length=200, blank=True)
    address_line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    countywide = models.BooleanField(
        "Serves the whole county", default=True, help_text="Untick to name the districts served"
    )
    districts = models.ManyToManyField(District, blank=True, related_name="organisations")
    third_sector = models.BooleanField("Third sector (voluntary or community)", default=False)
    local = models.BooleanField("Based in the county", default=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField("Active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"], name="organisation_name_idx"),  # sorts
            # The directory's version (selectors.directory_version: the latest change).
            models.Index(fields=["updated_at"], name="organisation_updated_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                "name_key",
                name="organisation_name_key_unique",
                violation_error_code=DUPLICATE_NAME_CODE,
                violation_error_message=DUPLICATE_NAME_MESSAGE,
            ),
            models.UniqueConstraint(
                "charity_number",
                condition=~models.Q(charity_number=""),
                name="organisation_charity_number_unique",
                violation_error_code=DUPLICATE_CHARITY_CODE,
                violation_error_message=DUPLICATE_CHARITY_MESSAGE,
            ),
            models.UniqueConstraint(
                "company_number",
                condition=~models.Q(company_number=""),
                name="organisation_company_number_unique",
                violation_error_code=DUPLICATE_COMPANY_CODE,
                violation_error_message=DUPLICATE_COMPANY_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = rules.name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("providers:detail", args=[self.pk])

    def validate_constraints(self, exclude=None) -> None:
        self.name_key = rules.name_key(self.name)
        with _constraint_errors_on(
            "name",
            DUPLICATE_NAME_CODE,
            charity_number=DUPLICATE_CHARITY_CODE,
            company_number=DUPLICATE_COMPANY_CODE,
        ):
            super().validate_constraints(exclude=exclude)

    def clean(self) -> None:
        errors = {}
        self.name = rules.normalise_name(self.name)
        if self.charity_number:
            self.charity_number = rules.normalise_charity_number(self.charity_number)
            if not rules.is_valid_charity_number(self.charity_number):
                errors["charity_number"] = rules.CHARITY_FORMAT_MESSAGE
        if self.company_number:
            self.company_number = rules.normalise_company_number(self.company_number)
            if not rules.is_valid_company_number(self.company_number):
                errors["company_number"] = rules.COMPANY_FORMAT_MESSAGE
        if self.postcode:
            self.postcode = rules.normalise_postcode(self.postcode)
            if not rules.is_valid_postcode(self.postcode):
                errors["postcode"] = rules.POSTCODE_FORMAT_MESSAGE
        if self.kind == OrganisationKind.CHARITY and not self.charity_number:
            errors.setdefault("charity_number", "Enter the charity number of a registered charity")
        if (
            self.kind in {OrganisationKind.CIC, OrganisationKind.COMPANY}
            and not self.company_number
        ):
            errors.setdefault("company_number", "Enter the company number of a company or CIC")
        if errors:
            raise ValidationError(errors)

    @property
    def area_served(self) -> str:
        if self.countywide:
            return "Countywide"
        names = [d.name for d in self.districts.all()]
        return ", ".join(names) if names else "Not stated"


class Contact(models.Model):
    """A named person at an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_primary = models.BooleanField("Main contact", default=False)

    class Meta:
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="contact_name_unique_per_organisation",
                violation_error_code=DUPLICATE_CONTACT_CODE,
                violation_error_message=DUPLICATE_CONTACT_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_primary=True),
                name="one_primary_contact_per_organisation",
                violation_error_message="This organisation already has a main contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def clean(self) -> None:
        self.name = rules.normalise_name(self.name)

    def validate_constraints(self, exclude=None) -> None:
        with _constraint_errors_on("name", DUPLICATE_CONTACT_CODE):
            super().validate_constraints(exclude=exclude)


NOT_A_PROVIDER_MESSAGE = (
    "Give this user the provider user role before linking them to an organisation"
)


class ProviderUser(models.Model):
    """Links a provider-role user to the one organisation they act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="provider_users"
    )

    class Meta:
        verbose_name = "provider user"

    def __str__(self) -> str:
        return f"{self.user} for {self.organisation}"

    def clean(self) -> None:
        """Only a provider-role user may act for an organisation, and for one organisation only."""
        if not self.user_id:
            return
        if not self.user.is_provider_user:
            raise ValidationError({"user": NOT_A_PROVIDER_MESSAGE})
        other = (
            ProviderUser.objects.filter(user_id=self.user_id)
            .exclude(pk=self.pk)
            .select_related("organisation")
            .first()
        )
        if other is not None:
            raise ValidationError(
                {"user": f"This user already acts for {other.organisation}"}, code="unique"
            )

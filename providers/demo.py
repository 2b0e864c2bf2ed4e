"""Demo providers: a dozen realistic (fictional) organisations and the two provider users' links."""

from .models import Contact, District, Organisation, OrganisationKind, ProviderUser

DISTRICTS = [
    "Cambridge",
    "East Cambridgeshire",
    "Fenland",
    "Huntingdonshire",
    "Peterborough",
    "South Cambridgeshire",
]

# name, kind, charity no., company no., town, postcode, countywide, districts, third sector, local
ORGANISATIONS = [
    (
        "Fenland Victim Support Partnership",
        OrganisationKind.CHARITY,
        "1123456",
        "",
        "March",
        "PE15 8AA",
        True,
        [],
        True,
        True,
    ),
    (
        "Cambridge Rape Crisis Centre (demo)",
        OrganisationKind.CHARITY,
        "1056789",
        "03412345",
        "Cambridge",
        "CB1 2AB",
        True,
        [],
        True,
        True,
    ),
    (
        "Peterborough Women's Aid (demo)",
        OrganisationKind.CHARITY,
        "1098765",
        "",
        "Peterborough",
        "PE1 1XY",
        False,
        ["Peterborough", "Fenland"],
        True,
        True,
    ),
    (
        "Cambridgeshire Community Foundation (demo)",
        OrganisationKind.CHARITY,
        "1110817",
        "05366021",
        "Cambridge",
        "CB4 0WS",
        True,
        [],
        True,
        True,
    ),
    (
        "Restorative Futures CIC",
        OrganisationKind.CIC,
        "",
        "11223344",
        "Huntingdon",
        "PE29 3TN",
        True,
        [],
        True,
        True,
    ),
    (
        "Safer Roads Training Ltd",
        OrganisationKind.COMPANY,
        "",
        "08765432",
        "Ely",
        "CB7 4DL",
        True,
        [],
        False,
        True,
    ),
    (
        "Cambridgeshire County Council",
        OrganisationKind.PUBLIC_BODY,
        "",
        "",
        "Alconbury",
        "PE28 4YE",
        True,
        [],
        False,
        True,
    ),
    (
        "Peterborough City Council",
        OrganisationKind.PUBLIC_BODY,
        "",
        "",
        "Peterborough",
        "PE1 1HF",
        False,
        ["Peterborough"],
        False,
        True,
    ),
    (
        "Youth Horizons Trust",
        OrganisationKind.CHARITY,
        "SC045123",
        "",
        "Edinburgh",
        "EH1 1YZ",
        True,
        [],
        True,
        False,
    ),
    (
        "St Neots Youth Club",
        OrganisationKind.OTHER,
        "",
        "",
        "St Neots",
        "PE19 1AJ",
        False,
        ["Huntingdonshire"],
        True,
        True,
    ),
    (
        "Wisbech Neighbourhood Watch Association",
        OrganisationKind.OTHER,
        "",
        "",
        "Wisbech",
        "PE13 1DG",
        False,
        ["Fenland"],
        True,
        True,
    ),
    (
        "Mind in Cambridgeshire (demo)",
        OrganisationKind.CHARITY,
        "1101320",
        "04823645",
        "Cambridge",
        "CB1 3HH",
        True,
        [],
        True,
        True,
    ),
]

CONTACTS = {
    "Fenland Victim Support Partnership": ("Sam Hughes", "Service manager"),
    "Peterborough Women's Aid (demo)": ("Dana Walsh", "Chief executive"),
    "Cambridgeshire Community Foundation (demo)": ("Jo Marsh", "Grants manager"),
}


def seed_providers(users: dict) -> dict[str, Organisation]:
    """Create the demo directory; running twice changes nothing."""
    districts = {name: District.objects.get_or_create(name=name)[0] for name in DISTRICTS}
    orgs = {}
    for (
        name,
        kind,
        charity,
        company,
        town,
        postcode,
        countywide,
        served,
        third,
        local,
    ) in ORGANISATIONS:
        org, created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "charity_number": charity,
                "company_number": company,
                "town": town,
                "postcode": postcode,
                "address_line_1": "1 High Street",
                "countywide": countywide,
                "third_sector": third,
                "local": local,
                "email": f"info@{name.split()[0].lower()}.example",
            },
        )
        if created and served:
            org.districts.set([districts[d] for d in served])
        orgs[name] = org
    for org_name, (person, title) in CONTACTS.items():
        Contact.objects.get_or_create(
            organisation=orgs[org_name],
            name=person,
            defaults={"job_title": title, "is_primary": True, "email": "contact@example.org"},
        )
    ProviderUser.objects.get_or_create(
        user=users["provider"],
        defaults={"organisation": orgs["Fenland Victim Support Partnership"]},
    )
    ProviderUser.objects.get_or_create(
        user=users["provider2"], defaults={"organisation": orgs["Peterborough Women's Aid (demo)"]}
    )
    return orgs

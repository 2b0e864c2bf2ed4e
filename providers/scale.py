"""Scale seeder for the providers directory: thousands of organisations with a main contact each
(see core/scale.py). Names, numbers and postcodes pass the directory's own format rules."""

from __future__ import annotations

from core.scale import ScalePlan, bulk_insert

from .models import Contact, Organisation, OrganisationKind
from .rules import name_key

SIZES = {"providers": 5_000}
EMAIL_DOMAIN = "provider.example"  # marks seeded organisations

_PLACES = (
    "Cambridge", "Peterborough", "Ely", "March", "Wisbech", "Huntingdon", "St Neots", "St Ives",
    "Whittlesey", "Chatteris", "Ramsey", "Soham", "Littleport", "Sawston", "Cambourne", "Yaxley",
)  # fmt: skip
_WHAT = (
    "Victim Support", "Women's Aid", "Youth Trust", "Community Safety Partnership", "Mediation",
    "Recovery Network", "Neighbourhood Watch", "Advice Centre", "Sports Foundation", "Mind",
    "Rape Crisis", "Refuge", "Mentoring", "Restorative Justice", "Road Safety", "Food Bank",
)  # fmt: skip
_KINDS = (
    (OrganisationKind.CHARITY, 60),
    (OrganisationKind.CIC, 15),
    (OrganisationKind.COMPANY, 10),
    (OrganisationKind.PUBLIC_BODY, 10),
    (OrganisationKind.OTHER, 5),
)
_POSTCODE_AREAS = ("CB", "PE", "SG", "IP")


def seed(plan: ScalePlan) -> None:
    rng = plan.rng
    kinds = [k for k, _ in _KINDS]
    weights = [w for _, w in _KINDS]
    organisations = []
    for n in range(1, plan.sizes["providers"] + 1):
        kind = rng.choices(kinds, weights)[0]
        place = rng.choice(_PLACES)
        area = rng.choice(_POSTCODE_AREAS)
        organisations.append(
            Organisation(
                # The number keeps names unique; real directories have near-duplicates too.
                name=(name := f"{place} {rng.choice(_WHAT)} {n:05d}"),
                name_key=name_key(name),
                kind=kind,
                charity_number=f"{1_000_000 + n}" if kind == OrganisationKind.CHARITY else "",
                company_number=f"{10_000_000 + n}"
                if kind in (OrganisationKind.CIC, OrganisationKind.COMPANY)
                else "",
                address_line_1=f"{rng.randint(1, 200)} High Street",
                town=place,
                postcode=f"{area}{rng.randint(1, 30)} {rng.randint(1, 9)}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                countywide=rng.random() < 0.7,
                third_sector=kind in (OrganisationKind.CHARITY, OrganisationKind.CIC),
                local=rng.random() < 0.85,
                email=f"office{n}@{EMAIL_DOMAIN}",
                is_active=rng.random() < 0.97,
            )
        )
    organisations = bulk_insert(Organisation, organisations)
    bulk_insert(
        Contact,
        (
            Contact(
                organisation=org,
                name=f"Contact {org.pk}",
                job_title="Services manager",
                email=f"contact{org.pk}@{EMAIL_DOMAIN}",
                is_primary=True,
            )
            for org in organisations
        ),
    )
    plan.made["organisation_ids"] = [org.pk for org in organisations if org.is_active]
    plan.note(f"{len(organisations)} organisations, each with a main contact")


def already_seeded() -> int:
    """How many organisations an earlier seed_scale wrote (a second run would clash with them)."""
    return Organisation.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count()

"""Demo users, one per role, all with the local-only password `opcc-demo`."""

from .models import User
from .roles import Role

DEMO_PASSWORD = "opcc-demo"  # noqa: S105 - printed by `make run`; local demo data only

DEMO_USERS = [
    # username, first, last, job title, role
    ("officer", "Olivia", "Okafor", "Commissioning officer", Role.OFFICER),
    ("evaluator", "Evan", "Ellis", "Partnership manager, county council", Role.EVALUATOR),
    ("provider", "Priya", "Patel", "Services manager", Role.PROVIDER),
    ("provider2", "Peter", "Price", "Chief executive", Role.PROVIDER),
    ("finance", "Fiona", "Fraser", "Chief Finance Officer", Role.FINANCE),
    ("commissioner", "Charles", "Carter", "Police and Crime Commissioner", Role.COMMISSIONER),
    ("chiefexec", "Cara", "Chen", "OPCC Chief Executive", Role.CHIEF_EXECUTIVE),
    ("admin", "Amira", "Ahmed", "Systems administrator", Role.ADMINISTRATOR),
]


def seed_users() -> dict[str, User]:
    """Create or refresh the demo users; running twice changes nothing."""
    users = {}
    for username, first, last, title, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "job_title": title,
                "email": f"{username}@opcc.example",
                "is_staff": role in (Role.OFFICER, Role.ADMINISTRATOR),
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.add_role(role)
        users[username] = user
    return users

"""Template context every page needs: which office runs the service (settings.OFFICE_*)."""

from django.conf import settings


def office(request) -> dict:
    name, area = settings.OFFICE_NAME, settings.OFFICE_AREA
    return {
        "office": {
            "name": name,
            "area": area,
            "full_name": f"{name} for {area}" if area else name,
            "email": settings.OFFICE_EMAIL,
        }
    }

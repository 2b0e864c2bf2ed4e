"""The unread count in the header: one query per signed-in page, none for anonymous readers."""

from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}

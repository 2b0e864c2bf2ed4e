"""Role gates for views: one mixin and one decorator, both answering 403 for the wrong role."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from .roles import Role


def require_role(user, *roles: Role) -> None:
    if not user.is_authenticated or not user.has_role(*roles):
        raise PermissionDenied("Your role does not give you access to this page.")


class RoleRequiredMixin(LoginRequiredMixin):
    """Class-based views: set `roles`; anonymous users go to login, wrong roles get 403."""

    roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_role(request.user, *self.roles)
        return super().dispatch(request, *args, **kwargs)


def role_required(*roles: Role) -> Callable:
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

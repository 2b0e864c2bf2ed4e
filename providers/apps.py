"""Providers: the directory of provider organisations, contacts and provider users."""

from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = "Providers directory"

    def ready(self) -> None:
        from accounts.backends import register_user_figure
        from accounts.roles import Role, register_role_permissions
        from audit.events import track

        from .models import Contact, Organisation, ProviderUser
        from .selectors import organisation_figures

        # A provider user's organisation (id and name) comes with each request's user.
        for name, expression in organisation_figures().items():
            register_user_figure(name, expression)

        for model in (Organisation, Contact, ProviderUser):
            track(model)
        manage = [
            f"providers.{verb}_{model}"
            for verb in ("add", "change", "view")
            for model in ("organisation", "contact", "district")
        ]
        # Linking a provider user to an organisation hands them its data: administrators only.
        links = [f"providers.{verb}_provideruser" for verb in ("add", "change", "delete")]
        register_role_permissions(Role.OFFICER, [*manage, "providers.view_provideruser"])
        register_role_permissions(
            Role.ADMINISTRATOR,
            [*manage, "providers.view_provideruser", *links, "providers.delete_contact"],
        )
        register_role_permissions(Role.FINANCE, ["providers.view_organisation"])

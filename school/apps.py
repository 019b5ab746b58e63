from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolConfig(AppConfig):
    name = "school"
    verbose_name = _("People and school structure")

    def ready(self):
        from . import signals  # noqa: F401

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import SESSION_TZ

SESSION_ROLES = "roles"


@receiver(user_logged_in)
def remember_roles_and_time_zone(sender, request, user, **kwargs):
    roles = list(user.roles.select_related("school").order_by("school_id"))
    request.session[SESSION_ROLES] = sorted({r.role for r in roles})
    if roles:
        request.session[SESSION_TZ] = roles[0].school.time_zone

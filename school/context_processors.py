from .models import ROLE_PRIORITY, Role
from .signals import SESSION_ROLES

ROLE_HOMES = {
    Role.ADMIN: "school:admin_home",
    Role.TEACHER: "school:teacher_home",
    Role.CLERK: "school:clerk_home",
    Role.GUARDIAN: "cabinet:home",
    Role.STUDENT: "cabinet:home",
}


def person(request):
    """The roles of the signed-in person, for the navigation."""
    held = (
        set(request.session.get(SESSION_ROLES, []))
        if hasattr(request, "session")
        else set()
    )
    return {
        "nav_roles": [
            {"role": r, "label": Role(r).label, "url_name": ROLE_HOMES[r]}
            for r in ROLE_PRIORITY
            if r in held
        ]
    }

import zoneinfo

from django.utils import timezone, translation

SESSION_TZ = "school_time_zone"


class PersonPreferencesMiddleware:
    """Speak the person's chosen language and show times in their school's
    time zone (both remembered in the session at login)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        tz_name = (
            request.session.get(SESSION_TZ) if hasattr(request, "session") else None
        )
        if tz_name:
            timezone.activate(zoneinfo.ZoneInfo(tz_name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from school import views as school_views

admin.site.site_header = _("eDiary administration")
admin.site.site_title = _("eDiary")
admin.site.index_title = _("School records")

urlpatterns = [
    path("", school_views.home, name="home"),
    path("favicon.ico", school_views.favicon),
    path("language/", school_views.language_set, name="language_set"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("", include("django.contrib.auth.urls")),
    path("", include("school.urls")),
    path("consent/", include("consent.urls")),
    path("journal/", include("journal.urls")),
    path("cabinet/", include("cabinet.urls")),
    path("admin/", admin.site.urls),
]

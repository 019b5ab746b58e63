from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/classes/<int:pk>/", views.class_register, name="class_register"),
    path("register/students/<int:student_pk>/", views.family, name="family"),
    path("register/record/", views.record_new, name="record_new"),
    path(
        "register/guardians/<int:guardian_pk>/contact/",
        views.contact_new,
        name="contact_new",
    ),
    path("register/acts/<int:pk>/export/", views.act_export, name="act_export"),
    path("records/<int:pk>/document/", views.record_document, name="record_document"),
    path(
        "contacts/<int:pk>/document/", views.contact_document, name="contact_document"
    ),
    path(
        "forms/<str:kind>/<int:student_pk>/<int:guardian_pk>/",
        views.blank_form,
        name="blank_form",
    ),
    path("paper/", views.paper_list, name="paper_list"),
    path("mine/", views.my_consents, name="my_consents"),
    path("mine/contacts/change/", views.contact_change, name="contact_change"),
    path(
        "mine/contacts/<int:pk>/code/",
        views.contact_confirm_code,
        name="contact_confirm_code",
    ),
    path(
        "mine/contacts/<int:pk>/confirm/<str:token>/",
        views.contact_confirm_link,
        name="contact_confirm_link",
    ),
    path(
        "mine/contacts/<int:pk>/confirm/<str:token>/done/",
        views.contact_confirm_link_post,
        name="contact_confirm_link_post",
    ),
]

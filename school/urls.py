from django.urls import path

from . import views

app_name = "school"

urlpatterns = [
    path("health/", views.health, name="health"),
    path("guardian/", views.guardian_home, name="guardian_home"),
    path("student/", views.student_home, name="student_home"),
    path("teacher/", views.teacher_home, name="teacher_home"),
    path("school-admin/", views.admin_home, name="admin_home"),
    path("clerk/", views.clerk_home, name="clerk_home"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
]

from django.urls import path

from . import views

app_name = "journal"

urlpatterns = [
    path(
        "<str:kind>/<int:pk>/subjects/<int:subject_pk>/",
        views.grid,
        name="grid",
    ),
    path("<str:kind>/<int:pk>/tests/", views.tests_calendar, name="tests_calendar"),
    path("lessons/<int:pk>/", views.lesson_page, name="lesson"),
    path("lessons/<int:pk>/marks/", views.marks_save, name="marks_save"),
    path("lessons/<int:pk>/describe/", views.lesson_describe, name="describe"),
    path("lessons/<int:pk>/homework/", views.homework_give, name="homework_give"),
    path("lessons/<int:pk>/history/", views.mark_history, name="history"),
    path("lessons/<int:pk>/change/", views.lesson_change, name="lesson_change"),
    path("homework-files/<int:pk>/", views.homework_file, name="homework_file"),
    path("late-changes/", views.late_changes, name="late_changes"),
    path(
        "late-changes/<int:pk>/reviewed/",
        views.late_change_reviewed,
        name="late_change_reviewed",
    ),
    path(
        "timetable/regenerate/",
        views.timetable_regenerate,
        name="timetable_regenerate",
    ),
    path(
        "attendance/<int:pk>/excuse/",
        views.attendance_excuse,
        name="attendance_excuse",
    ),
    path(
        "classes/<int:class_pk>/recommendations/new/",
        views.recommendation_new,
        name="recommendation_new",
    ),
]

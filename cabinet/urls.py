from django.urls import path

from . import views

app_name = "cabinet"

child = "<int:student_id>/"

urlpatterns = [
    path("", views.home, name="home"),
    path(child, views.diary, name="diary"),
    path(child + "marks/", views.marks, name="marks"),
    path(child + "marks/<int:subject_id>/", views.subject_marks, name="subject_marks"),
    path(child + "timetable/", views.timetable, name="timetable"),
    path(child + "tests/", views.tests, name="tests"),
    path(child + "teachers/", views.teachers, name="teachers"),
    path(child + "year/", views.year, name="year"),
    path(child + "homework/", views.homework, name="homework"),
    path(
        child + "homework/<int:homework_id>/done/",
        views.homework_done,
        name="homework_done",
    ),
    path(child + "recommendations/", views.recommendations, name="recommendations"),
    path(child + "finals/", views.finals, name="finals"),
    path(child + "calendar/", views.calendar_feed, name="calendar_feed"),
    path("feed/<str:token>.ics", views.ics, name="ics"),
]

# The benchmark's yardstick: it answers 404 unless CABINET_BENCH_BARE_PAGE
# is on, which normal running never does.
urlpatterns.append(
    path(child + "bench-bare/", views.bench_bare_marks, name="bench_bare")
)

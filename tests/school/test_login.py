import pytest
from django.urls import reverse

from school.models import Guardianship, Role, RoleAssignment
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/login/"


def log_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password}, follow=True)


@pytest.mark.parametrize(
    ("persona", "home"),
    [
        ("guardian", "cabinet:home"),
        ("student", "cabinet:home"),
        ("teacher", "school:teacher_home"),
        ("admin_user", "school:admin_home"),
        ("clerk", "school:clerk_home"),
    ],
)
def test_it_lands_each_role_on_its_home(client, request, persona, home):
    user = request.getfixturevalue(persona)

    response = log_in(client, user.username)

    assert reverse(home) in [url for url, _ in response.redirect_chain]
    assert response.status_code == 200


def test_it_lands_a_teacher_who_is_a_parent_on_the_teacher_home(
    client, teacher, student
):
    Guardianship.objects.create(guardian=teacher, student=student, relation="father")
    school = student.enrolments.get().school_class.school
    RoleAssignment.objects.create(user=teacher, school=school, role=Role.GUARDIAN)

    response = log_in(client, "teacher")

    assert response.redirect_chain[-1][0] == reverse("school:teacher_home")
    assert reverse("cabinet:home").encode() in response.content
    assert client.get(reverse("school:guardian_home")).status_code == 200


def test_it_says_a_wrong_password_in_russian_and_keeps_the_user_name(client, guardian):
    response = log_in(client, "mother", "wrong-password")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in body
    assert 'value="mother"' in body
    assert "_auth_user_id" not in client.session


def test_it_speaks_english_when_asked(client, guardian):
    client.post(reverse("language_set"), {"language": "en", "next": LOGIN})

    response = log_in(client, "mother", "wrong-password")

    assert "Please enter a correct" in response.content.decode()


def test_it_remembers_the_language_of_a_person(client, guardian):
    log_in(client, "mother")

    client.post(reverse("language_set"), {"language": "en", "next": "/"})

    guardian.refresh_from_db()
    assert guardian.language == "en"
    assert "My children" in client.get(reverse("school:guardian_home")).content.decode()


def test_it_refuses_the_sixth_wrong_try_without_locking_others(
    client, guardian, teacher
):
    for _ in range(5):
        assert log_in(client, "mother", "wrong-password").status_code == 200

    sixth = log_in(client, "mother", "wrong-password")
    then_right = log_in(client, "mother")

    assert sixth.status_code == 429
    assert "Слишком много попыток" in sixth.content.decode()
    assert then_right.status_code == 429
    assert "_auth_user_id" not in client.session
    other = log_in(client, "teacher")
    assert other.redirect_chain[-1][0] == reverse("school:teacher_home")


def test_it_logs_out(client, guardian):
    log_in(client, "mother")

    client.post(reverse("logout"))

    assert client.get(reverse("school:guardian_home")).status_code == 302


def test_it_sends_a_password_reset_link(client, guardian, mailoutbox):
    guardian.email = "mother@example.test"
    guardian.save()

    client.post(reverse("password_reset"), {"email": "mother@example.test"})

    assert len(mailoutbox) == 1
    assert "/reset/" in mailoutbox[0].body


def test_it_changes_a_password(client, guardian):
    log_in(client, "mother")

    client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )

    guardian.refresh_from_db()
    assert guardian.check_password("a-new-long-passphrase")


def test_it_shows_the_no_role_page_to_a_person_without_roles(client, db):
    UserFactory(username="nobody")

    response = log_in(client, "nobody")

    assert response.status_code == 200
    assert "нет роли" in response.content.decode()

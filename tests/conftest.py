import pytest
from django.core.cache import cache

from school.models import Role
from tests import factories as f


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back
    after a test, a cache kept in memory is not."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def school_class(db):
    return f.SchoolClassFactory(grade=5, letter="А")


@pytest.fixture
def other_class(school_class):
    return f.SchoolClassFactory(year=school_class.year, grade=6, letter="Б")


@pytest.fixture
def student(school_class):
    return f.student_in(school_class, username="pupil")


@pytest.fixture
def guardian(student):
    return f.guardian_of(student, username="mother")


@pytest.fixture
def other_student(other_class):
    return f.student_in(other_class, username="other-pupil")


@pytest.fixture
def other_guardian(other_student):
    return f.guardian_of(other_student, username="other-mother")


@pytest.fixture
def teacher(school_class):
    return f.teacher_of(school_class, username="teacher")


@pytest.fixture
def other_teacher(other_class):
    return f.teacher_of(other_class, username="other-teacher")


@pytest.fixture
def admin_user(school_class):
    return f.staff_of(school_class.school, Role.ADMIN, username="head")


@pytest.fixture
def clerk(school_class):
    return f.staff_of(school_class.school, Role.CLERK, username="clerk")


class _Mailbox(list):
    """Letters an SMTP server received, as parsed email messages."""


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on a free local port, with Django's
    SMTP backend pointed at it. The received letters are in the list the
    fixture yields."""
    import socket
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    mailbox = _Mailbox()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            mailbox.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 Message accepted"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield mailbox
    controller.stop()

import pytest

from school.models import Role
from tests import factories as f


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

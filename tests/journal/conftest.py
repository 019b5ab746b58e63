from datetime import date

import pytest

from tests import factories as f


@pytest.fixture
def lesson(teacher, school_class, student):
    return f.lesson_for(teacher, school_class, date=date(2026, 11, 9))


@pytest.fixture
def pupils(school_class, student):
    """The class: the student of the personas and two more."""
    return [student] + [f.student_in(school_class) for _ in range(2)]

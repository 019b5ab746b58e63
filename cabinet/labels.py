"""The words the cabinet shows for the journal's codes, in the cabinet's
own catalogue: parents read them as a sentence, not as a column name."""

from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from journal.models import Attendance, LessonChange, LessonType

CHANGE_KINDS = {
    LessonChange.Kind.SUBSTITUTION: _("Substitution"),
    LessonChange.Kind.MOVE: _("Moved"),
    LessonChange.Kind.CANCELLATION: _("Cancelled"),
}

# Words in the "diary" context: the journal's catalogue, loaded first, has
# the same words as column labels ("болел" where a diary says "болен").
ATTENDANCE = {
    Attendance.Code.ABSENT: pgettext_lazy("diary", "absent"),
    Attendance.Code.ILL: pgettext_lazy("diary", "ill"),
    Attendance.Code.EXCUSED: pgettext_lazy("diary", "excused absence"),
    Attendance.Code.LATE: pgettext_lazy("diary", "late"),
}

LESSON_TYPES = {
    LessonType.ORDINARY: _("Lesson"),
    LessonType.TEST: _("Test"),
    LessonType.INDEPENDENT: _("Independent work"),
    LessonType.LAB: _("Laboratory work"),
    LessonType.PRACTICAL: _("Practical work"),
    LessonType.CREDIT: _("Credit test"),
    LessonType.EXAM: _("Exam"),
}


def line_words():
    """Words repeated on every lesson line, translated once a page."""
    return {
        "homework": gettext("Homework"),
        "room": pgettext("diary", "room"),
        "was": gettext("was"),
        "due": pgettext("diary", "due"),
    }

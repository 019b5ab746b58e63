from django import forms
from django.utils.translation import gettext_lazy as _

from school.models import AcademicYear

from .models import LessonChange, LessonType, WorkKind


class LessonDescribeForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)
    lesson_type = forms.ChoiceField(label=_("Lesson type"), choices=LessonType.choices)


class HomeworkForm(forms.Form):
    text = forms.CharField(
        label=_("Assignment"), widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        help_text=_("Empty: the next lesson of the subject."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    student = forms.TypedChoiceField(
        label=_("Only for the student"), coerce=int, required=False, empty_value=None
    )
    files = forms.FileField(
        label=_("Files"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"multiple": False}),
    )

    def __init__(self, *args, students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [("", _("the whole class or group"))] + [
            (s.pk, s.full_name) for s in students
        ]


class LessonChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Change"), choices=LessonChange.Kind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    teacher = forms.TypedChoiceField(
        label=_("Substitute teacher"), coerce=int, required=False, empty_value=None
    )
    date = forms.DateField(
        label=_("New date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    lesson_number = forms.IntegerField(
        label=_("New lesson number"), required=False, min_value=0, max_value=12
    )
    room = forms.CharField(label=_("New room"), max_length=30, required=False)

    def __init__(self, *args, teachers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].choices = [("", "—")] + [
            (t.pk, t.full_name) for t in teachers
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == LessonChange.Kind.SUBSTITUTION and not data.get("teacher"):
            self.add_error("teacher", _("Choose the substitute teacher."))
        moved = data.get("date") or data.get("lesson_number") is not None
        if kind == LessonChange.Kind.MOVE and not (moved or data.get("room")):
            self.add_error(None, _("Give a new date, lesson number or room."))
        return data


class RegenerateForm(forms.Form):
    year = forms.ModelChoiceField(
        label=_("Academic year"), queryset=AcademicYear.objects
    )
    from_date = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, years=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = years


class ExcuseForm(forms.Form):
    note = forms.CharField(
        label=_("The reason of the absence"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecommendationForm(forms.Form):
    student = forms.TypedChoiceField(
        label=_("To the guardians of"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea)

    def __init__(self, *args, students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [("", _("the whole class"))] + [
            (s.pk, s.full_name) for s in students
        ]


class WorkKindChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.weight})"


def work_kind_field(school):
    return WorkKindChoice(
        queryset=WorkKind.objects.filter(school=school), required=False
    )

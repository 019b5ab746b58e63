from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.phonenumber import to_python

from .documents import check_document
from .models import Channel, ConsentRecord, Contact

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


def _not_in_future(day):
    if day and day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    return day


class DocumentField(forms.FileField):
    default_validators = [check_document]


class ConsentRecordForm(forms.Form):
    """One form for any signed document: a consent, a refusal or a
    withdrawal."""

    student = PersonChoiceField(queryset=None, label=_("Student"))
    guardian = PersonChoiceField(queryset=None, label=_("Guardian"))
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=ConsentRecord.Decision.choices,
        widget=forms.RadioSelect,
    )
    channels = forms.MultipleChoiceField(
        label=_("What the consent covers"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a consent."),
    )
    signed_on = forms.DateField(label=_("Date signed"), widget=DATE_WIDGET)
    form = forms.ChoiceField(
        label=_("Form of the document"), choices=ConsentRecord.Form.choices
    )
    document = DocumentField(
        label=_("Scan or signed file (PDF or image, up to 10 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/tiff"}
        ),
    )

    supersedes = forms.ModelChoiceField(
        queryset=None, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, students, guardians, correctable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["guardian"].queryset = guardians
        self.fields["supersedes"].queryset = correctable

    def clean_signed_on(self):
        return _not_in_future(self.cleaned_data["signed_on"])

    def clean(self):
        data = super().clean()
        if data.get("decision") == ConsentRecord.Decision.CONSENT and not data.get(
            "channels"
        ):
            self.add_error(
                "channels", _("Tick at least one channel the consent covers.")
            )
        if (
            data.get("supersedes")
            and data.get("decision") == ConsentRecord.Decision.WITHDRAWAL
        ):
            self.add_error(
                "decision",
                _(
                    "A correction records the right consent or refusal, "
                    "not a withdrawal."
                ),
            )
        return data


def clean_contact_value(kind, value):
    value = (value or "").strip()
    if kind == Contact.Kind.EMAIL:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                _("This is not an email address: check it, e.g. name@example.ru.")
            ) from None
        return value
    number = to_python(value, region="RU")
    if number is None or not number.is_valid():
        raise ValidationError(
            _(
                "This is not a phone number: enter it as +7 912 345-67-89 or "
                "8 912 345-67-89."
            )
        )
    return number.as_e164


class ContactValueMixin:
    def clean(self):
        data = super().clean()
        if data.get("kind") and "value" in data:
            try:
                data["value"] = clean_contact_value(data["kind"], data["value"])
            except ValidationError as error:
                self.add_error("value", error)
        return data


class ContactRecordForm(ContactValueMixin, forms.Form):
    """A contact handed over on a document, recorded by the school."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Contact.Kind.choices)
    value = forms.CharField(label=_("Email or phone number"), max_length=254)
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[c for c in Contact.Source.choices if c[0] != Contact.Source.CABINET],
    )
    received_on = forms.DateField(label=_("Date received"), widget=DATE_WIDGET)
    document = DocumentField(
        label=_("Scan of the application or the electronic document")
    )

    def clean_received_on(self):
        return _not_in_future(self.cleaned_data["received_on"])


class ContactRequestForm(ContactValueMixin, forms.Form):
    """A guardian's new email or phone, entered in the cabinet."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Contact.Kind.choices)
    value = forms.CharField(label=_("Email or phone number"), max_length=254)
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )


class ConfirmationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


class AsOfForm(forms.Form):
    """The day a register page shows the state for; today by default."""

    on = forms.DateField(label=_("As of"), required=False, widget=DATE_WIDGET)

    def day(self):
        if self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return timezone.localdate()

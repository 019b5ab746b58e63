import io
import re

import pytest
from pypdf import PdfReader

from tests import factories as f

pytestmark = pytest.mark.django_db


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(
        io.BytesIO(
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
    )
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def url(kind, student, guardian):
    return f"/consent/forms/{kind}/{student.pk}/{guardian.pk}/"


@pytest.fixture
def known_school(school_class, student):
    school = school_class.school
    school.name = "Муниципальное бюджетное общеобразовательное учреждение «Школа № 5»"
    school.address = "г. Заречный, ул. Лесная, д. 3"
    school.save()
    student.first_name, student.last_name = "Пётр", "Соколов"
    student.save()
    return school


REQUIRED = [
    # Article 9 part 4 of 152-FZ, item by item, as the form words them.
    "Законный представитель",  # the representative giving consent
    "Адрес",
    "Документ, удостоверяющий личность",
    "Документ, подтверждающий полномочия законного представителя",
    "Ребёнок (субъект персональных данных)",
    "Оператор",
    "Адрес оператора",
    "Цель обработки",
    "Перечень персональных данных",
    "Действия с персональными данными и способы обработки",
    "Лицо, осуществляющее обработку по поручению оператора",
    "Срок действия согласия",
    "Как отозвать согласие",
    "Подпись",
    "отдельный документ",
]


def test_the_consent_form_holds_every_element_the_law_asks(
    client, guardian, student, known_school
):
    client.force_login(guardian)

    text = pdf_text(client.get(url("consent", student, guardian)))

    for element in REQUIRED:
        assert element in text, element
    assert guardian.full_name in text
    assert "Соколов Пётр" in text
    assert known_school.address in text
    assert "«Школа № 5»" in text
    for channel in ["Электронный дневник", "Электронная почта", "SMS"]:
        assert channel in text, channel


def test_the_processor_named_in_the_settings_is_printed(
    client, guardian, student, known_school, settings
):
    settings.CONSENT_PROCESSOR = "ООО «Облако», г. Заречный, ул. Новая, д. 1"
    client.force_login(guardian)

    text = pdf_text(client.get(url("consent", student, guardian)))

    assert "ООО «Облако»" in text


@pytest.mark.parametrize(
    "kind,words", [("refusal", "не даю"), ("withdrawal", "отзываю")]
)
def test_the_refusal_and_withdrawal_forms_name_the_parties(
    client, admin_user, guardian, student, known_school, kind, words
):
    client.force_login(admin_user)

    text = pdf_text(client.get(url(kind, student, guardian)))

    assert words in text.lower()
    assert guardian.full_name in text and "Подпись" in text


@pytest.mark.parametrize(
    "persona", ["other_guardian", "teacher", "clerk", "other_teacher"]
)
def test_an_outsider_gets_404(client, request, guardian, student, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url("consent", student, guardian)).status_code == 404


def test_an_unknown_form_is_404(client, guardian, student):
    client.force_login(guardian)

    assert client.get(url("poem", student, guardian)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, guardian, student):
    assert client.get(url("consent", student, guardian)).status_code == 302


def test_the_form_is_prefilled_with_the_confirmed_contacts(
    client, guardian, student, known_school
):
    f.contact_of(guardian, kind="email", value="mama@example.ru")
    f.contact_of(guardian, kind="phone", value="+79001234567")
    client.force_login(guardian)

    text = pdf_text(client.get(url("consent", student, guardian)))

    assert "mama@example.ru" in text
    assert "+7 900 123-45-67" in text

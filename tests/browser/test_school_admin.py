import re
from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The smallest file the register takes for a PDF: it looks at the
# signature, and keeps the bytes as they are.
SMALL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_it_shows_an_administrator_the_school_and_its_records(portal):
    portal.log_in("admin")

    page = portal.page
    assert portal.path() == "/school-admin/"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Школа в этом учебном году"
    )
    assert page.locator("main tbody tr").count() >= 11
    portal.follow(page.get_by_role("link", name=re.compile("^Учётные данные")))

    assert portal.path() == "/admin/"
    portal.follow(page.locator("#content-main").get_by_role("link", name="Классы"))
    assert portal.path() == "/admin/school/schoolclass/"
    assert page.locator("#result_list tbody tr").count() >= 11


def test_it_lets_an_administrator_record_a_consent(portal, tmp_path):
    scan = tmp_path / "consent-scan.pdf"
    scan.write_bytes(SMALL_PDF)
    portal.log_in("admin")
    page = portal.page

    portal.follow(page.get_by_role("link", name="Реестр согласий"))
    assert portal.path() == "/consent/register/"
    portal.follow(page.locator("main ul").get_by_role("link", name="4Б"))
    class_register = portal.path()
    assert re.fullmatch(r"/consent/register/classes/\d+/", class_register)
    portal.follow(page.locator("main tbody a[href*='/register/students/']").first)
    family = portal.path()
    student = page.get_by_role("heading", level=1).inner_text()
    portal.follow(page.get_by_role("link", name="Внести документ").first)

    assert portal.path() == "/consent/register/record/"
    page.get_by_label("согласие", exact=True).check()
    page.get_by_label("электронный дневник и личный кабинет").check()
    page.get_by_label("Дата подписания").fill(f"{date.today()}")
    page.get_by_label(re.compile("^Скан или подписанный файл")).set_input_files(scan)
    portal.follow(page.get_by_role("button", name="Внести"))

    assert portal.path() == family
    history = page.locator("main table").filter(has_text="Дата подписания")
    expect(history).to_contain_text(f"{date.today():%d.%m.%Y}")
    portal.open(class_register)
    row = page.locator("main tbody tr").filter(has_text=student)
    expect(row.first).to_contain_text("согласие")

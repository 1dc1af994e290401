"""What a person sees in a real browser: Debian's Chromium, headless, driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from yourside.demo import load_demo

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = (
    Path(os.environ.get("YOURSIDE_SCREENSHOTS", ""))
    if os.environ.get("YOURSIDE_SCREENSHOTS")
    else None
)

if not CHROMIUM.exists():
    if os.environ.get("YOURSIDE_REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing and YOURSIDE_REQUIRE_BROWSER is set")
    pytest.skip(
        f"{CHROMIUM} not found: install Debian's chromium (make browser)", allow_module_level=True
    )

from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Playwright's sync API runs an event loop in this thread; the ORM calls below are still
# synchronous, so Django's guard against async-unsafe calls does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_user(transactional_db: Any) -> User:
    user = User.objects.create_user("demo", password="demo-password")
    load_demo(user, date.today())
    return user


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/login/?next=/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your relationships")).to_be_visible()


def shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_sign_in_and_read_a_vendor_page(page: Page, live_server: Any, demo_user: User) -> None:
    sign_in(page, live_server.url)
    shot(page, "home")
    page.get_by_role("link", name="Vendors", exact=True).click()
    page.get_by_role("link", name="Netflix").click()
    expect(page.get_by_role("heading", name="Netflix", level=1)).to_be_visible()
    agreements = page.locator("#agreements")
    expect(agreements).to_contain_text("Netflix Standard")
    expect(agreements).to_contain_text("€15.99 / monthly")
    expect(page.locator("#spend svg rect.bar")).to_have_count(24)
    expect(page.locator("#notes")).to_contain_text("Went from 13.99 to 15.99")
    expect(page.locator("#transactions")).to_contain_text("NETFLIX.COM")
    shot(page, "vendor")


def test_vendor_search_narrows_as_you_type(page: Page, live_server: Any, demo_user: User) -> None:
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/vendors/")
    rows = page.locator("#vendor-rows tbody tr")
    expect(rows).to_have_count(26)
    page.get_by_placeholder("Search by name, alias or website").press_sequentially("stadt")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Stadtwerke München")


def test_file_a_transaction_by_typing_its_vendor(
    page: Page, live_server: Any, demo_user: User
) -> None:
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/transactions/")
    row = page.locator("tbody tr").first
    field = row.locator("input[list=vendor-names]")
    field.fill("Nobody Ltd")
    field.press("Tab")  # a change: htmx posts it
    expect(row.locator(".filed [role=alert]")).to_contain_text("No vendor is called “Nobody Ltd”")
    field.fill("Netflix")
    field.press("Tab")
    expect(row.locator(".filed [role=status]")).to_contain_text("Filed under Netflix")
    page.reload()
    field = page.locator("tbody tr").first.locator("input[list=vendor-names]")
    expect(field).to_have_value("Netflix")
    field.fill("")  # filed wrongly: cleared, it is taken out again
    field.press("Tab")
    expect(page.locator("tbody tr").first.locator(".filed [role=status]")).to_contain_text(
        "Taken out of Netflix"
    )
    page.reload()
    expect(page.locator("tbody tr").first.locator("input[list=vendor-names]")).to_have_value("")


def test_enter_in_a_vendor_field_files_it_where_the_customer_is(
    page: Page, live_server: Any, demo_user: User
) -> None:
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/transactions/?q=netflix")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    row = page.locator("tbody tr").first
    field = row.locator("input[list=vendor-names]")
    field.fill("Spotify")
    field.press("Enter")  # a change and a submit: one request
    expect(row.locator(".filed [role=status]")).to_contain_text("Filed under Spotify")
    assert page.url.endswith("/transactions/?q=netflix")  # no page load: the search stays
    assert len(posts) == 1, posts
    # Its twins on the page moved with it, and say so without a reload.
    twin = page.locator("tbody tr").nth(1).locator("input[list=vendor-names]")
    expect(twin).to_have_value("Spotify")
    page.reload()
    expect(page.locator("tbody tr").first.locator("input[list=vendor-names]")).to_have_value(
        "Spotify"
    )


def test_a_big_upload_shows_its_progress_on_a_whole_page(
    page: Page, live_server: Any, demo_user: User, tmp_path: Path, monkeypatch: Any
) -> None:
    from yourside.web.views import imports

    monkeypatch.setattr(imports, "BACKGROUND_BYTES", 10)  # every upload counts as big
    statement = tmp_path / "march.csv"
    statement.write_text(
        "Date,Description,Amount\n"
        + "".join(f"2026-03-{day:02d},CORNER SHOP {day},-{day}.50\n" for day in range(1, 29))
    )
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Statement or receipt file").set_input_files(str(statement))
    page.get_by_label("Account").fill("Cash card")
    page.get_by_role("button", name="Import").click()
    # The job's page, or the imports page it leads to once done: a whole page either way.
    expect(page.get_by_text("28 transactions added").first).to_be_visible(timeout=20_000)
    expect(page.get_by_role("navigation").first).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_add_a_vendor_with_the_keyboard(page: Page, live_server: Any, demo_user: User) -> None:
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/vendors/new/")
    page.get_by_label("Name").fill("Corner Bakery")
    page.get_by_label("Country").fill("de")
    page.get_by_label("Name").press("Enter")
    expect(page.get_by_role("heading", name="Corner Bakery", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Vendor “Corner Bakery” added.")


def test_phone_sized_screen_shows_the_vendor_page(
    browser: Browser, live_server: Any, demo_user: User
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/agreements/")
    expect(page.locator("table")).to_contain_text("15,99\xa0€")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # wide tables scroll inside their box, not the whole page
    shot(page, "phone-agreements")
    from yourside.cases.models import Case

    cases = list(Case.objects.filter(owner=demo_user))
    assert cases
    for case in cases:  # with and without an email program's button beside the downloads
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        box = page.get_by_role("button", name="Download text").bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 390 + 1, case  # the letter's buttons wrap
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1, case
    context.close()


def test_a_long_vendor_name_wraps_instead_of_widening_the_tables(
    page: Page, live_server: Any, demo_user: User
) -> None:
    from yourside.book.models import Vendor

    name = "Netflix-" + "Überlange-Firmenbezeichnung-" * 6  # 176 letters, no space to break at
    vendor = Vendor.objects.get(owner=demo_user, name="Netflix")
    vendor.name = name
    vendor.save()
    sign_in(page, live_server.url)
    for path in ("/vendors/", f"/vendors/{vendor.pk}/", "/agreements/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("body")).to_contain_text(name[:40])
        wide = page.evaluate(
            "[...document.querySelectorAll('table')]"
            ".filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length"
        )
        assert wide == 0, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path


def test_a_german_reader_types_a_price_with_a_decimal_comma(
    browser: Browser, live_server: Any, demo_user: User
) -> None:
    from yourside.book.models import Holding

    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/holdings/new/")
    page.get_by_label("Name").fill("Wasserkocher")
    page.get_by_label("Purchase price").fill("12,50")  # a number field made this 1250
    page.get_by_role("button", name="Save").click()
    expect(page.locator("table")).to_contain_text("Wasserkocher")
    assert str(Holding.objects.get(owner=demo_user, name="Wasserkocher").purchase_price) == "12.50"
    context.close()


def test_a_card_bill_is_a_move_between_accounts_until_the_customer_says_no(
    page: Page, live_server: Any, demo_user: User
) -> None:
    sign_in(page, live_server.url)
    page.get_by_role("link", name="Vendors", exact=True).click()
    page.get_by_role("link", name="Nordbank").click()
    note = page.locator("#transfers-note")
    expect(note).to_contain_text("move money between your own accounts: not counted as spend")
    before = int(note.inner_text().split()[0])
    moves = page.locator("#transactions tbody tr", has_text="Between your accounts")
    expect(moves.first).to_contain_text("NORDBANK")
    shot(page, "transfers")
    asked: list[str] = []

    def accept(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    moves.first.get_by_role("button", name="Not a transfer").click()
    expect(page.locator(".flash")).to_contain_text("both of its lines count as spend and income")
    assert asked[0].startswith("Count this line and its other side as spend")
    expect(page.locator("#transfers-note")).to_contain_text(f"{before - 2} of them")

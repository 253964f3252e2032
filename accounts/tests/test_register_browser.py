"""In a real browser: the register page's live username check asks only about well-formed names."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_name_asks_the_server_only_about_well_formed_names(live_server, page):
    UserFactory(username="taken_name")
    checks = []
    page.on("response", lambda r: "/accounts/register/check/" in r.url and checks.append(r))
    page.goto(f"{live_server.url}/accounts/register/")
    field = page.locator("input[name=username]")
    live = page.locator("#username-live")

    field.press_sequentially("ab", delay=50)  # partial: nothing asked, nothing said yet
    page.wait_for_timeout(700)
    assert checks == []
    expect(live).to_contain_text("3–20")  # said once the shopper pauses, without a request

    field.fill("")
    field.press_sequentially("taken_name", delay=30)  # debounced: one question for the name
    expect(live).to_have_text("用户名已被注册")
    field.fill("bad name!")
    page.wait_for_timeout(700)
    expect(live).to_contain_text("3–20")
    field.fill("free_name")
    expect(live).to_contain_text("用户名可以使用")

    assert [r.status for r in checks] == [200, 200]

"""In a real browser: the register page warns about a taken username as the shopper types."""

import pytest

from .factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_taken_username_is_flagged_while_typing(live_server, page):
    UserFactory(username="taken_name")

    page.goto(f"{live_server.url}/accounts/register/")
    page.fill("input[name=username]", "taken_name")
    warning = page.locator("#username-live")
    warning.filter(has_text="用户名已被注册").wait_for()
    assert "field__live--bad" in warning.get_attribute("class")

    page.fill("input[name=username]", "fresh_name")
    warning.filter(has_text="可以使用").wait_for()

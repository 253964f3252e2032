"""The issue's "done when", in a real browser: a marketing user schedules 草莓 8 折 for tomorrow
10:00–12:00 and a 满99减20 campaign in the admin; at 10:00 the pages show the sale price, and a
shopper's ¥120 order is charged the sale prices minus 20; the dashboard shows the order."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from accounts.tests.factories import PASSWORD, AddressFactory, UserFactory
from catalog.models import GoodsSKU
from catalog.tests.factories import SKUFactory, make_category
from demo.staff import demo_staff_ensure
from home.services import site_root_ensure
from marketing.models import Campaign
from shop.models import OrderInfo
from snapshots.services import snapshots_publish_dirty, snapshots_tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_PASSWORD = "fresh-staff-test"


def admin_time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def log_in_to_admin(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(STAFF_PASSWORD)
    page.locator("button[type=submit]").click()
    # the admin's home loads every panel's assets: slow on a busy machine, so no "load" wait
    page.wait_for_url(f"{base}/admin/", wait_until="domcontentloaded", timeout=60_000)


def schedule_campaign(page, base: str, *, sku, starts_at) -> None:
    """The marketing user's part: the add form, a sale price chosen in the SKU chooser, 满减,
    then 发布."""
    page.goto(f"{base}/admin/snippets/marketing/campaign/add/")
    page.locator("#id_name").fill("草莓 8 折")
    page.locator("#id_slug").fill("caomei")
    page.locator("#id_starts_at").fill(admin_time(starts_at))
    page.locator("#id_ends_at").fill(admin_time(starts_at + timedelta(hours=2)))
    page.locator("#id_threshold_amount").fill("99")
    page.locator("#id_threshold_off").fill("20")
    page.locator("#id_sale_prices-ADD").click()
    page.locator("#id_sale_prices-0-sku-chooser [data-chooser-action-choose]").first.click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name=sku.name).click()
    expect(modal).to_be_hidden()
    page.locator("#id_sale_prices-0-percent").fill("80")
    page.locator("footer [data-w-dropdown-target=toggle], footer .dropdown-toggle").first.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(f"{base}/admin/snippets/marketing/campaign/")


def test_marketing_schedules_a_sale_and_a_shopper_buys_at_it(live_server, page):
    base = live_server.url
    demo_staff_ensure(home=site_root_ensure(), password=STAFF_PASSWORD)
    fruit = make_category("新鲜水果", "fruit")
    strawberry = SKUFactory(name="草莓 500g", price=Decimal("50.00"), stock=20, category=fruit)
    tomorrow_ten = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    tomorrow_ten += timedelta(days=1)

    log_in_to_admin(page, base, "marketing")
    schedule_campaign(page, base, sku=strawberry, starts_at=tomorrow_ten)
    campaign = Campaign.objects.get(slug="caomei")
    assert campaign.live and campaign.sale_prices.get().sku_id == strawberry.pk
    page.goto(f"{base}/goods/{strawberry.pk}/")
    expect(page.locator(".detail__price [data-live-price]")).to_have_text("¥50.00")  # not yet

    # It is 10:00 tomorrow: the campaign's window is moved to now rather than the clock to it.
    Campaign.objects.update(
        starts_at=F("starts_at") - (tomorrow_ten - timezone.now()),
        ends_at=F("ends_at") - (tomorrow_ten - timezone.now()),
    )
    assert GoodsSKU.objects.get(pk=strawberry.pk).current_price == Decimal("40.00")
    # the minute job sees the sale begin and republishes its pages, as beat and the worker do
    snapshots_tick()
    snapshots_publish_dirty()

    shopper = UserFactory()
    AddressFactory(user=shopper, is_default=True)
    page = page.context.browser.new_context(locale="zh-CN").new_page()  # another shopper's
    page.set_default_timeout(15_000)
    page.goto(f"{base}/accounts/login/?next=/goods/{strawberry.pk}/")
    page.locator("input[name=username]").fill(shopper.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="登 录").click()
    page.wait_for_url(f"**/goods/{strawberry.pk}/")
    expect(page.locator(".detail__price [data-live-price]")).to_have_text("¥40.00", timeout=15_000)
    expect(page.locator(".detail__price del.price--was")).to_have_text("¥50.00")
    page.locator("#buy-count").fill("3")
    page.get_by_role("button", name="加入购物车").click()
    expect(page.locator("[data-header-cart-count]")).to_have_text("1")

    page.goto(f"{base}/cart/")
    expect(page.locator("[data-total-price]")).to_have_text("¥120.00")
    page.get_by_role("button", name="去结算").click()
    summary = page.locator("[data-summary]")
    expect(summary.locator("[data-discount]")).to_have_text("¥20.00")
    expect(summary.locator("[data-freight]")).to_have_text("¥0.00")  # ¥100 after the discount
    expect(summary.locator("[data-amount-due]")).to_have_text("¥100.00")
    page.locator("input[name=pay_method][value=cod]").check()
    page.locator("[data-commit]").click()
    page.wait_for_url("**/accounts/orders/**")

    order = OrderInfo.objects.get(user=shopper)
    assert (order.total_price, order.discount, order.freight) == (
        Decimal("120.00"),
        Decimal("20.00"),
        Decimal("0.00"),
    )
    assert order.amount_due == Decimal("100.00")
    assert list(order.lines.values_list("price", "count")) == [(Decimal("40.00"), 3)]

    # the dashboard on the admin's home (staff who may see orders) shows today's order
    User.objects.create_superuser("boss", "boss@example.com", STAFF_PASSWORD)
    page.context.clear_cookies()
    log_in_to_admin(page, base, "boss")
    expect(page.locator("[data-figure=today-orders]")).to_have_text("1", timeout=30_000)
    expect(page.locator("[data-figure=today-revenue]")).to_contain_text("100.00")

"""The staff groups seed_demo makes for editors (编辑) and marketing (市场): what each may do in
the Wagtail admin, and that each sees only its menus."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.models import GroupPagePermission, Page

from catalog.tests.factories import SKUFactory
from demo.staff import (
    EDITOR_GROUP_NAME,
    MARKETING_GROUP_NAME,
    demo_staff_ensure,
    service_group_ensure,
    staff_user_ensure,
)
from home.services import site_root_ensure

pytestmark = pytest.mark.django_db
ORDERS = "/admin/shop/orderinfo/"


@pytest.fixture
def staff():
    """{username: user} of the demo staff, with the homepage they work on."""
    home = site_root_ensure()
    return {user.username: user for user, *_rest in demo_staff_ensure(home=home, password="pw")}


def menu_labels(user) -> set[str]:
    """The labels of the admin's main menu items ``user`` sees, submenus included."""
    request = RequestFactory().get("/admin/")
    request.user = user
    labels = set()
    for item in admin_menu.menu_items_for_request(request):
        labels.add(str(item.label))
        submenu = getattr(item, "menu", None)
        if submenu is not None:
            labels |= {str(sub.label) for sub in submenu.menu_items_for_request(request)}
    return labels


def test_the_groups_and_users_are_made_once_and_keep_what_was_added_by_hand():
    home = site_root_ensure()
    first = demo_staff_ensure(home=home, password="pw")
    assert [
        (user.username, group.name, created, group_created)
        for user, group, created, group_created in first
    ] == [
        ("editor", EDITOR_GROUP_NAME, True, True),
        ("marketing", MARKETING_GROUP_NAME, True, True),
    ]
    editor, marketing = first[0][0], first[1][0]
    assert editor.is_staff and editor.is_active and not editor.is_superuser
    assert editor.check_password("pw") and marketing.groups.get().name == "市场"
    editors = Group.objects.get(name="编辑")
    editors.permissions.add(*Group.objects.get(name="市场").permissions.all())
    editor.set_password("changed")
    editor.save()
    page_permissions = GroupPagePermission.objects.count()

    again = demo_staff_ensure(home=home, password="pw")
    assert [(created, group_created) for _u, _g, created, group_created in again] == [
        (False, False),
        (False, False),
    ]
    assert GroupPagePermission.objects.count() == page_permissions
    editor.refresh_from_db()
    assert editor.check_password("changed")  # an existing user keeps its password
    assert Group.objects.filter(name__in=["编辑", "市场"]).count() == 2


def test_page_permissions_are_wagtails_on_the_homepage(staff):
    home = site_root_ensure()
    codenames = {
        group: set(
            GroupPagePermission.objects.filter(group__name=group, page=home).values_list(
                "permission__codename", flat=True
            )
        )
        for group in ("编辑", "市场")
    }
    assert codenames == {
        "编辑": {"add_page", "change_page", "publish_page"},
        "市场": {"change_page", "publish_page"},
    }


def test_each_role_sees_only_its_menus(staff):
    for user in staff.values():
        labels = menu_labels(user)
        assert {"页面", "图片", "商品管理", "商品 SKU", "商品 SPU"} <= labels
        assert "订单" not in labels
    # the 客服 group sees orders: the same check finds the menu when it is there
    service, _created = staff_user_ensure(
        username="service", group=service_group_ensure()[0], password="pw"
    )
    assert "订单" in menu_labels(service) and "商品管理" not in menu_labels(service)


def test_marketing_views_goods_but_cannot_edit_them_nor_open_orders(client, staff):
    sku = SKUFactory(name="草莓 500g")
    client.force_login(staff["marketing"])
    listing = client.get(reverse("wagtailsnippets_catalog_goodssku:list"))
    assert listing.status_code == 200 and "草莓 500g" in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk]))
    assert edit.status_code in (302, 403)
    post = client.post(
        reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk]), {"name": "改名"}
    )
    assert post.status_code in (302, 403)
    sku.refresh_from_db()
    assert sku.name == "草莓 500g"
    assert client.get(reverse("wagtailsnippets_catalog_goodssku:add")).status_code in (302, 403)
    assert client.get(ORDERS).status_code in (302, 403)
    home = site_root_ensure()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).status_code == 200


def test_editors_edit_goods_and_pages_but_not_orders(client, staff):
    sku = SKUFactory(name="草莓 500g")
    client.force_login(staff["editor"])
    edit = reverse("wagtailsnippets_catalog_goodssku:edit", args=[sku.pk])
    assert client.get(edit).status_code == 200
    assert client.get(reverse("wagtailsnippets_catalog_goodsspu:add")).status_code == 200
    home = site_root_ensure()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).status_code == 200
    add = client.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk]), follow=True)
    assert add.status_code == 200 and add.redirect_chain  # straight to the one page type
    assert client.get(reverse("wagtailimages:index")).status_code == 200
    assert client.get(ORDERS).status_code in (302, 403)


def test_seed_demo_gives_wagtails_default_groups_and_workflow_chinese_names(db):
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    from demo.staff import wagtail_defaults_translate

    wagtail_defaults_translate()
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert Group.objects.filter(name__in=["审核员", "内容编辑"]).count() == 2
    assert list(Workflow.objects.values_list("name", flat=True)) == ["审核员审批"]
    assert "Moderators approval" not in Task.objects.values_list("name", flat=True)
    assert Page.get_first_root_node().title == "根页面"  # the explorer's "Root"
    assert wagtail_defaults_translate() == 0  # a second run changes nothing

"""Staff groups of the demo shop, and a demo user for the editors' and marketing's groups.

- 客服 (customer service) reads orders, cancels and refunds them.
- 编辑 (editors) keep the homepage, the categories and the goods: they add, edit and publish
  pages under the homepage, manage the goods snippets (SPU, SKU) and the images, and keep the
  freight rules (设置 → 运费规则).
- 市场 (marketing) run the campaigns (sale prices, 满减, coupons: the 营销 menu's snippets, with
  publishing and locking) and the promotions, which are StreamField tiles of the homepage, so
  they edit and publish pages under the homepage (Wagtail's page permissions cover a page and
  its subtree: the categories too) and upload and choose pictures; the goods are read-only to
  them (they choose SKUs for sale prices). Editors do not see the 营销 menu.

Each group is made idempotently: permissions added by hand in the admin stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

SERVICE_GROUP_NAME = "客服"
# app_label.codename: the Wagtail admin, reading and changing orders (cancel, ship), refunds
SERVICE_GROUP_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "shop.view_orderinfo",
    "shop.change_orderinfo",
    "shop.refund_orderinfo",
)

EDITOR_GROUP_NAME = "编辑"
MARKETING_GROUP_NAME = "市场"
GOODS_MODELS = ("goodssku", "goodsspu")
# a draftable, lockable snippet: Wagtail adds publish_, lock_ and unlock_ to Django's four
CAMPAIGN_ACTIONS = ("add", "change", "delete", "view", "publish", "lock", "unlock")


@dataclass(frozen=True)
class Role:
    """A staff group: its model permissions, its page permissions on the homepage (and the
    pages below it), its image permissions on the root collection."""

    name: str
    permissions: tuple[str, ...]
    page_permissions: tuple[str, ...] = ()
    image_permissions: tuple[str, ...] = ()


EDITOR_ROLE = Role(
    name=EDITOR_GROUP_NAME,
    permissions=(
        "wagtailadmin.access_admin",
        *(
            f"catalog.{action}_{model}"
            for model in GOODS_MODELS
            for action in ("add", "change", "delete", "view")
        ),
        "shop.change_freightsettings",
    ),
    page_permissions=("add_page", "change_page", "publish_page"),
    image_permissions=("add_image", "change_image", "delete_image", "choose_image"),
)
MARKETING_ROLE = Role(
    name=MARKETING_GROUP_NAME,
    permissions=(
        "wagtailadmin.access_admin",
        *(f"catalog.view_{model}" for model in GOODS_MODELS),
        *(f"marketing.{action}_campaign" for action in CAMPAIGN_ACTIONS),
    ),
    page_permissions=("change_page", "publish_page"),
    image_permissions=("add_image", "choose_image"),
)
SERVICE_ROLE = Role(name=SERVICE_GROUP_NAME, permissions=SERVICE_GROUP_PERMISSIONS)

# username → the role of the demo user seed_demo keeps in that group
DEMO_STAFF = {"editor": EDITOR_ROLE, "marketing": MARKETING_ROLE}


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def role_group_ensure(role: Role, *, home: Page | None = None) -> tuple[Group, bool]:
    """The role's group with its permissions (page permissions on ``home``, needed when the
    role has any); permissions added by hand in the admin stay."""
    group, created = Group.objects.get_or_create(name=role.name)
    group.permissions.add(*(_permission(name) for name in role.permissions))
    for codename in role.page_permissions:
        permission = _permission(f"wagtailcore.{codename}")
        GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    root = Collection.get_first_root_node() if role.image_permissions else None
    for codename in role.image_permissions:
        permission = _permission(f"wagtailimages.{codename}")
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
    return group, created


def service_group_ensure() -> tuple[Group, bool]:
    """The 客服 group with its permissions; permissions added by hand in the admin stay."""
    return role_group_ensure(SERVICE_ROLE)


def staff_user_ensure(*, username: str, group: Group, password: str):
    """A demo staff member of ``group`` (active, staff, not superuser); an existing one keeps
    its password and its other groups. Returns (user, created)."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    created = user is None
    if created:
        user = user_model.objects.create_user(
            username=username,
            email=f"{username}@dailyfresh.local",
            password=password,
            is_staff=True,
            is_active=True,
        )
    user.groups.add(group)
    return user, created


def demo_staff_ensure(*, home: Page, password: str) -> list[tuple[object, Group, bool, bool]]:
    """The 编辑 and 市场 groups and their demo users: (user, group, user created, group created)
    for each."""
    staff = []
    for username, role in DEMO_STAFF.items():
        group, group_created = role_group_ensure(role, home=home)
        user, created = staff_user_ensure(username=username, group=group, password=password)
        staff.append((user, group, created, group_created))
    return staff


# Wagtail's migrations create these records in English; a Chinese editor sees them on every page
# edit ("提交给Moderators approval"), in the groups list and in the explorer ("Root"). Renamed
# only while they still carry Wagtail's default names, so a name staff chose is kept.
WAGTAIL_DEFAULT_NAMES = {
    "group": {"Moderators": "审核员", "Editors": "内容编辑"},
    "workflow": {"Moderators approval": "审核员审批"},
    "task": {"Moderators approval": "审核员审批"},
    "root": {"Root": "根页面"},
}


def wagtail_defaults_translate() -> int:
    """Give Wagtail's default groups, workflow and task, and the root page, Chinese names;
    returns how many."""
    from wagtail.models import Task, Workflow

    renamed = 0
    for kind, model in (("group", Group), ("workflow", Workflow), ("task", Task)):
        for english, chinese in WAGTAIL_DEFAULT_NAMES[kind].items():
            if not model.objects.filter(name=chinese).exists():
                renamed += model.objects.filter(name=english).update(name=chinese)
    # the tree's root has no revisions nor URL: its title and draft title are all there is
    roots = Page.objects.filter(depth=1)
    for english, chinese in WAGTAIL_DEFAULT_NAMES["root"].items():
        renamed += roots.filter(title=english).update(title=chinese, draft_title=chinese)
    return renamed

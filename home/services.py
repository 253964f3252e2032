"""Writes of the home app: the Wagtail site root."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from .models import HomePage

HOMEPAGE_TITLE = "天天生鲜"


def _tree_root() -> Page:
    """Wagtail's tree root; made again (with its locale) in a database that lost it.

    Only an emptied database lacks it, such as a test database flushed between tests.
    """
    root = Page.get_first_root_node()
    if root is None:
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        locale, _ = Locale.objects.get_or_create(language_code=language)
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


@transaction.atomic
def site_root_ensure(*, hostname: str = "localhost", port: int = 80) -> HomePage:
    """Make a live ``HomePage`` the default site's root; safe to run any number of times."""
    home = HomePage.objects.first()
    if home is None:
        root = _tree_root()
        # Wagtail's own migration leaves a placeholder "Welcome" page at slug "home": it is
        # not content, so it makes way for the shop's homepage.
        for placeholder in root.get_children().filter(slug="home"):
            if placeholder.specific_class is Page and not placeholder.get_children().exists():
                placeholder.delete()
        home = root.add_child(instance=HomePage(title=HOMEPAGE_TITLE, slug="home"))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="天天生鲜"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "天天生鲜"
        site.save()
    return home

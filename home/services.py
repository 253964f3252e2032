"""Writes of the home app: the Wagtail site root."""

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage

HOMEPAGE_TITLE = "天天生鲜"


@transaction.atomic
def site_root_ensure(*, hostname: str = "localhost", port: int = 80) -> HomePage:
    """Make a live ``HomePage`` the default site's root; safe to run any number of times."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
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

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class HomePage(Page):
    """The site root: the shop's homepage."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("首页")

"""The freight rules tests set: the default site's ``FreightSettings`` row, saved."""

from decimal import Decimal

from wagtail.models import Site

from catalog.tests.factories import site_root_ensure  # home's, as catalog's factories use it
from shop.site_settings import FreightSettings


def freight_rules_set(**fields) -> FreightSettings:
    """The default site's freight rules with ``fields`` (amounts as text or Decimal) changed."""
    site_root_ensure()
    rules = FreightSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(rules, name, Decimal(value) if isinstance(value, str) else value)
    rules.save()
    return rules

"""The form renderer of the whole site (``FORM_RENDERER``)."""

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class LengthCappedBoundField(BoundField):
    """A refused value is shown back no longer than its field allows.

    Django re-renders a bound form with what was sent, so a megabyte typed into a 20-character
    field came back in the page. A field with errors now shows at most ``max_length``
    characters; a valid value is shown whole.
    """

    def value(self):
        value = super().value()
        limit = getattr(self.field, "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit and self.errors:
            return value[:limit]
        return value


class SiteFormRenderer(DjangoTemplates):
    bound_field_class = LengthCappedBoundField

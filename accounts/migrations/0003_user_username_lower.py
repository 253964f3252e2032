"""Usernames unique whatever their case, enforced by the database (a stored LOWER(username)).

SQLite's unique index on ``username`` compared case-sensitively, so ``bobby`` and ``Bobby`` could
both exist there (MariaDB's case-insensitive collation already refused the second). The index
cannot be built while such pairs exist, so the migration first looks for them and stops with a
list of them to rename.
"""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_usernames_differing_only_in_case(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    clashes = (
        User.objects.annotate(folded=Lower("username"))
        .values("folded")
        .annotate(accounts=Count("id"))
        .filter(accounts__gt=1)
        .values_list("folded", flat=True)
    )
    names = sorted(
        User.objects.annotate(folded=Lower("username"))
        .filter(folded__in=list(clashes))
        .values_list("username", flat=True)
    )
    if names:
        raise RuntimeError(
            "These usernames differ only in case and cannot all be kept: "
            + ", ".join(names)
            + ". Rename all but one of each group (Wagtail admin, Users), then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_address_ascii_digits"),
    ]

    operations = [
        migrations.RunPython(refuse_usernames_differing_only_in_case, migrations.RunPython.noop),
        migrations.AddField(
            model_name="user",
            name="username_lower",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Lower("username"),
                output_field=models.CharField(max_length=20),
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                fields=("username_lower",), name="accounts_user_username_lower_unique"
            ),
        ),
    ]

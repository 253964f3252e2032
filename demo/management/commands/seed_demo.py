from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.services import admin_user_ensure
from demo.services import demo_data_ensure
from demo.staff import demo_staff_ensure, service_group_ensure, wagtail_defaults_translate
from home.services import site_root_ensure
from shop.services import delivery_slots_ensure


class Command(BaseCommand):
    help = (
        "Demo data: the site root, an admin account, the staff groups 客服, 编辑 and 市场 "
        "(with the demo users editor and marketing), categories, goods and the homepage's "
        "shop window, the next days' delivery slots; --goods N adds a bulk catalog of N SKUs. "
        "Safe to run any number of times."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--admin-password", default="fresh-admin-2026")
        parser.add_argument("--admin-email", default="admin@dailyfresh.local")
        parser.add_argument(
            "--staff-password",
            default="fresh-staff-2026",
            help="password of the demo staff users editor (编辑) and marketing (市场) when created",
        )
        parser.add_argument(
            "--goods",
            type=int,
            default=0,
            metavar="N",
            help="also keep N bulk SKUs (for benchmarks) beyond the hand-written demo goods",
        )
        parser.add_argument(
            "--no-publish",
            action="store_true",
            help="leave the published pages to a later publish_snapshots (e.g. to time it)",
        )

    def handle(
        self,
        *args,
        admin_username,
        admin_password,
        admin_email,
        staff_password,
        goods,
        no_publish,
        **options,
    ):
        if goods < 0:
            raise CommandError("--goods must not be negative")
        with transaction.atomic():
            home = site_root_ensure()
            admin, created = admin_user_ensure(
                username=admin_username, password=admin_password, email=admin_email
            )
            group, group_created = service_group_ensure()
            staff = demo_staff_ensure(home=home, password=staff_password)
            wagtail_defaults_translate()
            report = demo_data_ensure(home=home, bulk_goods=goods)
            slots_created = delivery_slots_ensure()  # the next days' delivery slots
        self.stdout.write(f"site root: {home.title} (page {home.pk})")
        self.stdout.write(f"admin user {admin.username!r} {'created' if created else 'exists'}")
        self.stdout.write(f"staff group {group.name!r} {'created' if group_created else 'exists'}")
        for user, role, user_created, role_created in staff:
            self.stdout.write(
                f"staff group {role.name!r} {'created' if role_created else 'exists'}, user "
                f"{user.username!r} "
                + (f"created (password {staff_password!r})" if user_created else "exists")
            )
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"delivery slots: {slots_created} created for the next days")
        if not no_publish:  # the published pages follow the demo catalog, worker or not
            call_command("publish_snapshots", "--all", verbosity=options["verbosity"])

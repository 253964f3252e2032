from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.services import admin_user_ensure
from home.services import site_root_ensure


class Command(BaseCommand):
    help = "Demo data: the site root and an admin account. Safe to run any number of times."

    def add_arguments(self, parser):
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--admin-password", default="fresh-admin-2026")
        parser.add_argument("--admin-email", default="admin@dailyfresh.local")

    def handle(self, *args, admin_username, admin_password, admin_email, **options):
        with transaction.atomic():
            home = site_root_ensure()
            admin, created = admin_user_ensure(
                username=admin_username, password=admin_password, email=admin_email
            )
        self.stdout.write(f"site root: {home.title} (page {home.pk})")
        self.stdout.write(f"admin user {admin.username!r} {'created' if created else 'exists'}")

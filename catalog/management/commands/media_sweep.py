from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from freshsite.media_storage import DELETE_GRACE, media_sweep


class Command(BaseCommand):
    help = (
        "Delete the media files (content-addressed goods pictures, renditions, documents) that "
        "no row names any more and that were written more than --older-than-hours ago. Beat "
        "runs this daily (catalog.tasks.media_sweep_task)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=24.0,
            help="leave files younger than this: an upload's row may not be committed yet "
            "(default 24)",
        )

    def handle(self, *args, older_than_hours: float, **options):
        # under the deletes' own grace an upload in progress (file written, row not yet
        # committed) could lose its file
        if timedelta(hours=older_than_hours) < DELETE_GRACE:
            raise CommandError(
                f"--older-than-hours must be at least {DELETE_GRACE.total_seconds() / 3600:g}"
            )
        deleted = media_sweep(older_than=timedelta(hours=older_than_hours))
        self.stdout.write(f"deleted {deleted} unreferenced media files")

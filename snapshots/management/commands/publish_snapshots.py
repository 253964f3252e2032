from django.core.management.base import BaseCommand
from tqdm import tqdm

from snapshots.services import snapshots_publish_all


class Command(BaseCommand):
    help = (
        "Render the published pages (homepage, category lists, goods details, shared fragments) "
        "into the snapshot storage and remove pages that no longer exist. Without --all only "
        "pages missing from the storage are rendered."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="render every page again (unchanged files stay)"
        )

    def handle(self, *args, all: bool, verbosity: int, **options):
        with tqdm(
            total=0, unit="页", disable=verbosity < 1, file=self.stderr, dynamic_ncols=True
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            report = snapshots_publish_all(only_missing=not all, progress=progress)
        self.stdout.write(
            f"rendered {report.rendered}, written {len(report.written)}, "
            f"removed {len(report.removed)}, failed {len(report.failed_keys)}"
        )
        if report.failed_keys:
            self.stderr.write(f"not published: {', '.join(sorted(report.failed_keys))}")
            raise SystemExit(1)

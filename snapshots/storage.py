"""The snapshot storage: published pages as files, each beside its pre-compressed ``.gz``.

Writes are atomic (a temporary name in the same directory, then a rename), so nginx never serves
half a page; a page whose bytes did not change is not rewritten, so its ETag and the ``.gz``
stay as they were.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

from django.conf import settings

GZIP_SUFFIX = ".gz"


class SnapshotStorage:
    def __init__(self, root: Path | str | None = None) -> None:
        # resolved: names are taken relative to it, also when VAR_DIR is reached by a symlink
        self.root = Path(root or settings.SNAPSHOT_ROOT).resolve()

    def path(self, name: str) -> Path:
        path = (self.root / name).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"snapshot name outside the root: {name!r}")
        return path

    def read(self, name: str) -> bytes | None:
        try:
            return self.path(name).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def write(self, name: str, content: bytes) -> bool:
        """Store ``content`` (and its ``.gz``) under ``name``; False when it was already there."""
        if self.read(name) == content:
            return False
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        # the .gz first: a reader that finds the new .html never gets the old compressed bytes
        _write_atomically(path.with_name(path.name + GZIP_SUFFIX), _gzip(content))
        _write_atomically(path, content)
        return True

    def delete(self, name: str) -> bool:
        """Remove the page and its ``.gz``; False when there was nothing to remove."""
        path = self.path(name)
        removed = False
        for each in (path, path.with_name(path.name + GZIP_SUFFIX)):
            try:
                each.unlink()
                removed = True
            except FileNotFoundError:
                pass
        return removed

    def names(self, directory: str = "") -> set[str]:
        """The pages stored directly in ``directory`` (names relative to the root)."""
        folder = self.path(directory) if directory else self.root
        if not folder.is_dir():
            return set()
        return {
            str(entry.relative_to(self.root))
            for entry in folder.iterdir()
            if entry.is_file() and entry.suffix == ".html"
        }


def _gzip(content: bytes) -> bytes:
    # mtime=0: the same page always compresses to the same bytes
    return gzip.compress(content, compresslevel=9, mtime=0)


def _write_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)  # nginx's worker reads it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def all_names(storage: SnapshotStorage) -> set[str]:
    """Every page stored, at any depth (names relative to the root)."""
    if not storage.root.is_dir():
        return set()
    return {str(path.relative_to(storage.root)) for path in storage.root.rglob("*.html")}

"""The snapshot storage: atomic writes, .gz siblings, unchanged pages left alone."""

import gzip

import pytest

from snapshots.storage import SnapshotStorage, all_names


@pytest.fixture
def storage(tmp_path):
    return SnapshotStorage(tmp_path)


def test_a_page_is_written_with_its_compressed_twin(storage, tmp_path):
    assert storage.write("fruit/index.html", "<p>水果</p>".encode()) is True

    assert (tmp_path / "fruit/index.html").read_bytes() == "<p>水果</p>".encode()
    assert (
        gzip.decompress((tmp_path / "fruit/index.html.gz").read_bytes()) == "<p>水果</p>".encode()
    )
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_unchanged_bytes_are_not_rewritten(storage, tmp_path):
    storage.write("index.html", b"<p>home</p>")
    before = (tmp_path / "index.html").stat()

    assert storage.write("index.html", b"<p>home</p>") is False
    assert (tmp_path / "index.html").stat().st_ino == before.st_ino
    assert (tmp_path / "index.html").stat().st_mtime_ns == before.st_mtime_ns

    assert storage.write("index.html", b"<p>new</p>") is True
    assert (tmp_path / "index.html").read_bytes() == b"<p>new</p>"
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == b"<p>new</p>"


def test_a_page_whose_gzip_a_failed_write_left_behind_is_written_again(storage, tmp_path):
    storage.write("index.html", b"<p>A</p>")
    (tmp_path / "index.html.gz").write_bytes(gzip.compress(b"<p>B</p>"))  # half of B's write
    assert storage.write("index.html", b"<p>A</p>") is True
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == b"<p>A</p>"


def test_delete_takes_both_files_and_listing_sees_pages_only(storage, tmp_path):
    storage.write("fruit/index.html", b"a")
    storage.write("fruit/price-2.html", b"b")
    storage.write("goods/1/index.html", b"c")

    assert storage.names("fruit") == {"fruit/index.html", "fruit/price-2.html"}
    assert all_names(storage) == {"fruit/index.html", "fruit/price-2.html", "goods/1/index.html"}
    assert storage.delete("fruit/price-2.html") is True
    assert not (tmp_path / "fruit/price-2.html.gz").exists()
    assert storage.delete("fruit/price-2.html") is False


def test_a_name_cannot_leave_the_root(storage):
    with pytest.raises(ValueError):
        storage.write("../outside.html", b"x")

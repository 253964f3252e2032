"""Without nginx the app answers from the published file before any view work."""

import pytest

from catalog.tests.factories import SKUFactory
from snapshots.services import snapshots_publish_all
from snapshots.storage import SnapshotStorage

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    sku = SKUFactory(name="丹东草莓")
    snapshots_publish_all()
    storage = SnapshotStorage()
    # mark the files, so a response shows whether it came from the file or from the view
    for name in ("index.html", "fruit/index.html", f"goods/{sku.pk}/index.html"):
        storage.write(name, storage.read(name).replace(b"</body>", b"<!-- from file --></body>"))
    return sku


def test_published_pages_come_from_their_files(client, published, django_assert_num_queries):
    for url in ("/", "/fruit/", "/fruit/?page=1&sort=default", f"/goods/{published.pk}/"):
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response.status_code == 200
        assert b"<!-- from file -->" in response.content, url
        assert response["Cache-Control"] == "no-cache"
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert "Content-Security-Policy" in response
        assert response["X-Frame-Options"] == "DENY"
        assert "csrftoken" not in response.cookies


def test_other_queries_and_methods_reach_the_views(client, published):
    for url in ("/fruit/?x=1", "/fruit/?page=0", "/fruit/?sort=price"):
        response = client.get(url)
        assert response.status_code == 200
        assert b"<!-- from file -->" not in response.content, url  # no such file, or not a file
    assert (
        client.post("/").status_code != 200 or b"<!-- from file -->" not in client.post("/").content
    )


def test_an_unchanged_page_answers_304_and_head_has_no_body(client, published):
    first = client.get("/")

    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    head = client.head("/")

    assert again.status_code == 304
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(first.content))


def test_shared_fragments_are_kept_a_minute_by_the_browser(client, published):
    """Pages are revalidated on every load; the fragments they share are kept 60 s (an edit
    shows within a minute), from their file and from the view when no file is published."""
    storage = SnapshotStorage()
    nav = client.get("/goods/fragments/nav.html")
    assert nav.content == storage.read("goods/fragments/nav.html")
    assert nav["Cache-Control"] == "public, max-age=60" and nav["ETag"]
    assert nav["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in nav
    assert (
        client.get("/goods/fragments/nav.html", HTTP_IF_NONE_MATCH=nav["ETag"]).status_code == 304
    )

    newest = f"goods/fragments/newest-{published.category_id}.html"
    storage.delete(newest)
    for url in ("/goods/fragments/nav.html?from=view", f"/{newest}"):
        response = client.get(url)  # rendered by catalog's views
        assert response.status_code == 200 and b"<!-- from file -->" not in response.content
        assert response["Cache-Control"] == "public, max-age=60", url
    assert client.get("/fruit/")["Cache-Control"] == "no-cache"


def test_a_path_too_long_for_a_file_name_goes_to_the_app_not_a_500(client, db):
    response = client.get(f"/orders/{'9' * 5000}/paid/")
    assert response.status_code in (302, 404)  # the app's answer: log in, or no such order

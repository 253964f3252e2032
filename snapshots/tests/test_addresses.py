"""The request → snapshot file mapping nginx shares (deploy/nginx/ applies the same rules)."""

import pytest

from snapshots.addresses import file_for_request, page_file

CASES = [
    ("/", "", "index.html"),
    ("/goods/12/", "", "goods/12/index.html"),
    ("/fruit/", "", "fruit/index.html"),
    ("/fruit/", "sort=default&page=1", "fruit/index.html"),
    ("/fruit/", "page=1", "fruit/index.html"),
    ("/fruit/", "sort=price", "fruit/price-1.html"),
    ("/fruit/", "sort=price&page=3", "fruit/price-3.html"),
    ("/fruit/", "page=3&sort=hot", "fruit/hot-3.html"),
    ("/fruit/", "page=99999", "fruit/default-99999.html"),
    ("/goods/fragments/nav.html", "", "goods/fragments/nav.html"),
    # the app's to answer
    ("/fruit/", "page=0", None),
    ("/fruit/", "page=01", None),
    ("/fruit/", "page=100000", None),
    ("/fruit/", "sort=name", None),
    ("/fruit/", "sort=price&sort=hot", None),
    ("/fruit/", "x=1", None),
    ("/fruit/", "sort=price&x=1", None),
    ("/fruit/", "sort=%70rice", None),
    ("/fruit", "", None),
    ("/fruit//", "", None),
    ("/goods/fragments/nav.html", "v=2", None),
    ("/static/css/site.css", "", None),
]


@pytest.mark.parametrize(("path", "query", "expected"), CASES)
def test_a_get_maps_to_its_file_or_to_the_app(path, query, expected):
    assert file_for_request("GET", path, query) == expected
    assert file_for_request("HEAD", path, query) == expected


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_only_get_and_head_are_answered_from_files(method):
    assert file_for_request(method, "/", "") is None


def test_the_publisher_writes_under_the_names_requests_map_to():
    assert page_file("/fruit/", sort="hot", page=2) == file_for_request(
        "GET", "/fruit/", "sort=hot&page=2"
    )

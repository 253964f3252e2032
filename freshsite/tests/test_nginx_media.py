"""Local media in production: without S3, make serve's nginx serves /media/ from disk itself
(Django serves no media when DEBUG is off)."""

from __future__ import annotations

import pytest

from .test_nginx import Nginx, free_port

pytestmark = pytest.mark.django_db


def test_nginx_serves_local_media_from_disk_with_no_app_behind_it(settings, tmp_path):
    settings.MEDIA_URL = "/media/"
    settings.MEDIA_ROOT = tmp_path / "media"
    picture = settings.MEDIA_ROOT / "original_images" / "ab" / "apple.jpg"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    nginx = Nginx(tmp_path / "nginx", app_port=free_port())  # nothing listens there
    try:
        status, headers, body = nginx.get("/media/original_images/ab/apple.jpg")
        assert (status, body) == (200, picture.read_bytes())
        assert headers["x-content-type-options"] == "nosniff"
        assert nginx.get("/media/original_images/ab/missing.jpg")[0] == 404
        # nginx normalises the path first: it leaves /media/ and never reads outside MEDIA_ROOT
        assert nginx.get("/media/../settings.py")[0] != 200
    finally:
        nginx.stop()

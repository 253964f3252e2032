"""Published pages served by the app itself when no nginx is in front (``make run``)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from .addresses import FRAGMENT_PATH, file_for_request
from .storage import FRAGMENT_CACHE_CONTROL, SnapshotStorage, snapshots_in_bucket


class SnapshotMiddleware:
    """Answer a request from its snapshot file, before sessions, users or views are touched.

    The same rules as nginx's (``addresses.file_for_request``): a request the file does not
    answer, or a file not published yet, goes on to the views. Placed after the security and
    CSP middleware, so the file carries the headers every other page carries. With the pages in
    a bucket (SNAPSHOT_S3_BUCKET) nginx or a CDN serves them: the middleware stays out of the way.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.storage = None if snapshots_in_bucket() else SnapshotStorage()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SNAPSHOT_SERVE and self.storage is not None:
            name = file_for_request(request.method, request.path, request.META["QUERY_STRING"])
            content = self.storage.read(name) if name else None
            if content is not None:
                return _file_response(request, content)
        return self.get_response(request)


def _file_response(request: HttpRequest, content: bytes) -> HttpResponse:
    etag = f'"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        response["Content-Type"] = "text/html; charset=utf-8"
        response["Content-Length"] = str(len(content))
    response["ETag"] = etag
    if FRAGMENT_PATH.fullmatch(request.path):
        # kept a minute by the browser: an edit to a shared fragment shows within a minute
        response["Cache-Control"] = FRAGMENT_CACHE_CONTROL
    else:
        response["Cache-Control"] = "no-cache"  # revalidated on every load: an edit shows at once
    return response

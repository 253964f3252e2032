"""A real S3 server for the tests: moto's standalone server on loopback, checking signatures.

Fixtures (registered in the root conftest.py, so any test module can ask for them):

- ``s3_server`` (session): an ``S3Server`` with ``.endpoint_url``, ``.access_key``,
  ``.secret_key``, ``.region``, ``.client()`` (boto3) and ``.bucket_create(name, public_read)``.
- ``s3_media`` (function): a fresh public bucket that the default storage (media: Wagtail
  images and renditions, documents) points at, with the options base.py builds; yields an
  ``S3Bucket`` (``.name``, ``.keys(prefix)``, ``.read(key)``).

What moto 5.2 checks, read in moto/s3/responses.py (``_key_response``), moto/core/
authorization.py and moto/iam/access_control.py, and tried:

- By default no credential at all: any access key, any secret, any signature. It does apply
  object ACLs and bucket policies to a request with neither an ``Authorization`` header nor
  ``Signature=`` in its URL: an anonymous GET of a private object answers 403, of a public-read
  object (or one a bucket policy lets ``"*"`` read) 200. But any URL holding ``Signature=``
  (even ``?Signature=x``) is served, and so is a request signed with a wrong secret.
- Its IAM mode (``INITIAL_NO_AUTH_ACTION_COUNT=0`` in the environment, ``moto.core.
  set_initial_no_auth_action_count`` / ``enable_iam_authentication`` in process, or POST
  ``/moto-api/reset-auth`` to a server; then an IAM user, access key and a policy allowing
  ``s3:*`` are needed) verifies SigV4 ``Authorization`` headers, but answers 500 to every
  request without one (KeyError 'Authorization' in ``IAMRequestBase.__init__``): anonymous reads
  of public objects and presigned URLs alike. No setting or bucket policy avoids it: the check
  runs after the policy's.

So moto's IAM mode stays off and a gate in front of moto's WSGI app refuses, as S3 does, with
403: an ``Authorization`` header (SigV4) or a presigned URL (SigV4 ``X-Amz-Signature`` or SigV2
``Signature``) whose key is not this server's, whose signature does not match or which has
expired; and every anonymous request but a GET or HEAD of an object. What passes the gate goes
to moto, which applies the object's ACL and the bucket's policy to anonymous reads. The payload
hash a client signs (``X-Amz-Content-SHA256``) is taken as given, not checked against the body.
"""

from __future__ import annotations

import calendar
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.auth import HmacV1Auth, S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.config import Config
from botocore.credentials import Credentials
from werkzeug.datastructures import EnvironHeaders
from werkzeug.serving import make_server

ACCESS_KEY = "FRESHTESTACCESSKEY01"
SECRET_KEY = "fresh-test-secret-key"  # the test server's own, nowhere else
REGION = "us-east-1"


class Refused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SignatureGate:
    """WSGI middleware: what S3 refuses never reaches moto (see the module's docstring)."""

    def __init__(self, app, *, secrets: dict[str, str]) -> None:
        self.app, self.secrets = app, secrets

    def __call__(self, environ, start_response):
        if not environ.get("PATH_INFO", "").startswith("/moto-api/"):
            try:
                self.check(environ)
            except Refused as refused:
                body = (
                    '<?xml version="1.0" encoding="UTF-8"?>'
                    f"<Error><Code>{refused.code}</Code><Message>{refused.code}</Message></Error>"
                ).encode()
                start_response("403 Forbidden", [("Content-Type", "application/xml")])
                return [body]
        return self.app(environ, start_response)

    def check(self, environ) -> None:
        headers = EnvironHeaders(environ)
        method = environ["REQUEST_METHOD"]
        path = environ.get("RAW_URI", environ.get("PATH_INFO", "/")).split("?")[0]
        query = environ.get("QUERY_STRING", "")
        params = {key: values[0] for key, values in parse_qs(query).items()}
        if "Authorization" in headers:
            self.check_header_v4(method, path, query, headers)
        elif "X-Amz-Signature" in params:
            self.check_query_v4(method, path, query, headers, params)
        elif "Signature" in params:
            self.check_query_v2(method, path, query, headers, params)
        elif method not in ("GET", "HEAD") or len(path.strip("/").split("/", 1)) < 2:
            raise Refused("AccessDenied")  # anonymous: reading an object at most

    def secret(self, access_key: str) -> str:
        if access_key not in self.secrets:
            raise Refused("InvalidAccessKeyId")
        return self.secrets[access_key]

    def check_header_v4(self, method, path, query, headers) -> None:
        scheme, _, fields = headers["Authorization"].partition(" ")
        parts = dict(part.strip().split("=", 1) for part in fields.split(",") if "=" in part)
        if scheme != "AWS4-HMAC-SHA256" or not {"Credential", "SignedHeaders"} <= parts.keys():
            raise Refused("AccessDenied")  # SigV2 headers: boto3 does not send them
        expected = self.signature_v4(
            method=method,
            path=path,
            query=query,
            headers=headers,
            credential=parts["Credential"],
            signed=parts["SignedHeaders"],
            timestamp=headers.get("X-Amz-Date", ""),
            signer=S3SigV4Auth,
        )
        if not hmac.compare_digest(expected, parts.get("Signature", "")):
            raise Refused("SignatureDoesNotMatch")

    def check_query_v4(self, method, path, query, headers, params) -> None:
        timestamp = params.get("X-Amz-Date", "")
        try:
            signed_at = calendar.timegm(time.strptime(timestamp, "%Y%m%dT%H%M%SZ"))
            expires = signed_at + int(params.get("X-Amz-Expires", ""))
        except ValueError:
            raise Refused("AuthorizationQueryParametersError") from None
        unsigned = "&".join(p for p in query.split("&") if not p.startswith("X-Amz-Signature="))
        expected = self.signature_v4(
            method=method,
            path=path,
            query=unsigned,
            headers=headers,
            credential=params.get("X-Amz-Credential", ""),
            signed=params.get("X-Amz-SignedHeaders", "host"),
            timestamp=timestamp,
            signer=S3SigV4QueryAuth,
        )
        if not hmac.compare_digest(expected, params["X-Amz-Signature"]):
            raise Refused("SignatureDoesNotMatch")
        if time.time() > expires:
            raise Refused("AccessDenied")  # S3 says "Request has expired"

    def signature_v4(self, *, method, path, query, headers, credential, signed, timestamp, signer):
        try:
            access_key, _date, region, service, _ = credential.split("/")
        except ValueError:
            raise Refused("AuthorizationHeaderMalformed") from None
        if service != "s3":
            signer = SigV4Auth
        request = AWSRequest(
            method=method,
            url=f"http://{headers.get('Host', '')}{path}" + (f"?{query}" if query else ""),
            headers={name: headers.get(name, "") for name in signed.split(";")},
        )
        request.context["timestamp"] = timestamp
        auth = signer(Credentials(access_key, self.secret(access_key)), service, region)
        return auth.signature(
            auth.string_to_sign(request, auth.canonical_request(request)), request
        )

    def check_query_v2(self, method, path, query, headers, params) -> None:
        secret = self.secret(params.get("AWSAccessKeyId", ""))
        signing = HTTPHeaders()
        for name in ("Content-MD5", "Content-Type"):
            if name in headers:
                signing[name] = headers[name]
        auth = _HmacV1AtExpiry(Credentials(params["AWSAccessKeyId"], secret))
        auth.expires = params.get("Expires", "")
        wanted = auth.sign_string(
            auth.canonical_string(method, urlsplit(f"{path}?{query}"), signing)
        )
        if not hmac.compare_digest(wanted, params["Signature"]):
            raise Refused("SignatureDoesNotMatch")
        if not auth.expires.isdigit() or time.time() > int(auth.expires):
            raise Refused("AccessDenied")


class _HmacV1AtExpiry(HmacV1Auth):
    """SigV2's string to sign for a presigned URL: its ``Expires`` stands where the date was."""

    expires = ""

    def _get_date(self) -> str:
        return self.expires


@dataclass
class S3Server:
    endpoint_url: str
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    region: str = REGION

    def client(self, *, secret_key: str | None = None, **config):
        """A boto3 S3 client signing with this server's key (or another secret, to be refused)."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            config=Config(s3={"addressing_style": "path"}, **config),
        )

    def environ(self, bucket: str) -> dict[str, str]:
        """The settings' AWS_* variables for ``bucket`` on this server (as for a subprocess)."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": self.region,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
        }

    def bucket_create(self, name: str, public_read: bool) -> S3Bucket:
        """A new bucket. A public one lets anyone read its objects through a bucket policy, as
        MinIO's ``mc anonymous set download`` does (MinIO ignores object ACLs; AWS buckets made
        since 2023 refuse them): private objects stay private elsewhere."""
        client = self.client()
        client.create_bucket(Bucket=name)
        if public_read:
            policy = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{name}/*",
                    }
                ],
            }
            client.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
        return S3Bucket(server=self, name=name)


@dataclass
class S3Bucket:
    server: S3Server
    name: str

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.server.client().get_paginator("list_objects_v2")
        pages = pages.paginate(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()

    def empty_and_delete(self) -> None:
        client = self.server.client()
        for key in self.keys():
            client.delete_object(Bucket=self.name, Key=key)
        client.delete_bucket(Bucket=self.name)


def http_get(url: str) -> tuple[int, bytes]:
    """GET without credentials, as a browser or nginx would: (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (http: loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def bucket_name(prefix: str) -> str:
    """A fresh bucket name: moto's buckets live as long as the test session."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def media_storage(server: S3Server, bucket: str) -> dict:
    """STORAGES["default"] as base.py builds it when the AWS_* variables name this bucket."""
    from freshsite import storage_settings

    return storage_settings.media_storage(server.environ(bucket))


def storages_reset() -> None:
    """Django builds a storage once; the next use builds it again from the settings."""
    from django.core.files.storage import default_storage, storages
    from django.utils.functional import empty

    storages._storages = {}
    default_storage._wrapped = empty


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 on 127.0.0.1 and a free port, behind the signature gate, for the session."""
    # moto (Flask and every AWS service's models) is imported only by a session that uses it
    from moto.moto_server import werkzeug_app as moto_app

    class QuietHandler(moto_app.MotoRequestHandler):
        def log_request(self, *args, **kwargs) -> None:
            pass

    app = SignatureGate(
        moto_app.DomainDispatcherApplication(moto_app.create_backend_app),
        secrets={ACCESS_KEY: SECRET_KEY},
    )
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="moto-s3", daemon=True)
    thread.start()
    yield S3Server(endpoint_url=f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def s3_media(settings, s3_server):
    """The default storage on a fresh public bucket of ``s3_server``, for one test."""
    bucket = s3_server.bucket_create(bucket_name("media"), public_read=True)
    storages_reset()
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(s3_server, bucket.name)}
    storages_reset()
    yield bucket
    storages_reset()
    bucket.empty_and_delete()

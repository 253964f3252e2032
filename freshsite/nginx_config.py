"""nginx's site for the shop (deploy/nginx/), rendered from the Django settings.

The paths, the app's address and the security headers are the settings' own. The published
pages come from disk (SNAPSHOT_ROOT) or, with SNAPSHOT_S3_BUCKET set, from the bucket: nginx
proxies the snapshot requests to it and falls back to the app on 403/404
(``snapshots-s3.conf.template``). ``make serve`` and the tests render it
(``nginx_config_write``).
"""

from __future__ import annotations

import os
import pwd
import re
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
NGINX_TEMPLATES = BASE_DIR / "deploy" / "nginx"
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# what may go into the bucket's path unescaped (nginx escapes the file names it adds)
BUCKET_PATH = re.compile(r"(?:/[-\w.]+)+")
CA_CERTIFICATES = "/etc/ssl/certs/ca-certificates.crt"  # Debian's ca-certificates


def security_headers() -> dict[str, str]:
    """The headers Django's middleware puts on every page (production settings), for nginx to
    put on the files it serves: django-csp's policy, SecurityMiddleware's and
    XFrameOptionsMiddleware's. HSTS is apart (``hsts_header``): HTTPS only."""
    from csp.utils import build_policy
    from django.conf import settings

    headers = {"Content-Security-Policy": build_policy()}
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    if referrer := settings.SECURE_REFERRER_POLICY:
        headers["Referrer-Policy"] = referrer if isinstance(referrer, str) else ",".join(referrer)
    if opener := settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = opener
    return {name: value for name, value in headers.items() if value}


def hsts_header() -> str:
    """SecurityMiddleware's Strict-Transport-Security value ("" when SECURE_HSTS_SECONDS is 0)."""
    from django.conf import settings

    if not settings.SECURE_HSTS_SECONDS:
        return ""
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value


def _quoted(value: str) -> str:
    if '"' in value or "$" in value or "\\" in value:  # nginx would read them as syntax
        raise ValueError(f"cannot put this header value in nginx's config: {value!r}")
    return f'"{value}"'


def _render(template: Path, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template.read_text())


def _headers_block(headers: dict[str, str], *, indent: str = "        ") -> str:
    lines = [f"add_header {name} {_quoted(value)} always;" for name, value in headers.items()]
    lines.append("add_header Strict-Transport-Security $dailyfresh_hsts always;")
    return "\n".join(f"{indent}{line}" for line in lines)


def _media_location(headers: str) -> str:
    """Local media (``MEDIA_URL`` a path on this site) from MEDIA_ROOT; none for a bucket."""
    from django.conf import settings

    if not settings.MEDIA_URL.startswith("/"):
        return ""
    return (
        f"\n    location {settings.MEDIA_URL} {{\n"
        f"        alias {Path(settings.MEDIA_ROOT).resolve()}/;\n"
        "        expires 1d;\n"
        f"{headers}\n    }}"
    )


def bucket_values() -> dict[str, str]:
    """Where nginx fetches the snapshots: SNAPSHOT_S3_BUCKET under SNAPSHOT_S3_PREFIX at the
    S3 endpoint (AWS_S3_ENDPOINT_URL; AWS's regional endpoint when none), path-style."""
    from django.conf import settings

    client = settings.SNAPSHOT_S3_CLIENT
    region = client.get("region_name") or "us-east-1"
    endpoint = urlsplit(client.get("endpoint_url") or f"https://s3.{region}.amazonaws.com")
    if endpoint.scheme not in ("http", "https") or not endpoint.hostname:
        raise ValueError(f"not an S3 endpoint nginx can reach: {endpoint.geturl()!r}")
    parts = (endpoint.path, settings.SNAPSHOT_S3_BUCKET, settings.SNAPSHOT_S3_PREFIX)
    path = "".join(f"/{part.strip('/')}" for part in parts if part.strip("/"))
    if not BUCKET_PATH.fullmatch(path):
        raise ValueError(f"cannot put this bucket path in nginx's config: {path!r}")
    host = f"[{endpoint.hostname}]" if ":" in endpoint.hostname else endpoint.hostname
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    tls = "# plain HTTP to the bucket"
    if endpoint.scheme == "https":
        tls = (
            f"proxy_ssl_server_name on;\n        proxy_ssl_name {endpoint.hostname};\n"
            f"        proxy_ssl_verify on;\n"
            f"        proxy_ssl_trusted_certificate {CA_CERTIFICATES};"
        )
    return {
        "bucket_server": f"{host}:{port}",
        "bucket_scheme": endpoint.scheme,
        "bucket_host": endpoint.netloc,
        "bucket_path": path,
        "bucket_url": f"{endpoint.scheme}://{endpoint.netloc}{path}",
        "bucket_tls": tls,
    }


def _snapshot_parts(values: dict[str, str]) -> dict[str, str]:
    """The snapshot locations (and, for a bucket, its upstream and map) for these settings."""
    from django.conf import settings

    if not settings.SNAPSHOT_S3_BUCKET:
        locations = _render(NGINX_TEMPLATES / "snapshots-disk.conf.template", values)
        return {"snapshot_http": "", "snapshot_locations": locations.rstrip("\n")}
    values = {
        **values,
        **bucket_values(),
        "fragment_headers": _headers_block(security_headers(), indent=" " * 12),
    }
    http = _render(NGINX_TEMPLATES / "snapshots-s3-http.conf.template", values)
    locations = _render(NGINX_TEMPLATES / "snapshots-s3.conf.template", values)
    return {"snapshot_http": f"\n{http.rstrip()}\n", "snapshot_locations": locations.rstrip()}


def _worker_user(prefix: Path) -> str:
    """As root, nginx's workers run as the owner of the files (not "nobody", who may not read
    them); as anyone else nginx keeps its own user and ignores the directive."""
    if os.geteuid() != 0:
        return ""
    return f"user {pwd.getpwuid(prefix.stat().st_uid).pw_name};"


def nginx_config_write(*, prefix: Path, listen: str, app: str) -> Path:
    """Render deploy/nginx/ into ``prefix`` for these settings; the main config's path."""
    from django.conf import settings

    prefix = prefix.resolve()
    for directory in ("logs", "tmp", "cache"):
        (prefix / directory).mkdir(parents=True, exist_ok=True)
    headers = _headers_block(security_headers())
    values = {
        "prefix": str(prefix),
        "user": _worker_user(prefix),
        "listen": listen,
        "app": app,
        "snapshot_root": str(Path(settings.SNAPSHOT_ROOT).resolve()),
        "static_url": settings.STATIC_URL,
        "static_root": str(Path(settings.STATIC_ROOT).resolve()),
        "hsts": hsts_header(),
        "security_headers": headers,
        "media_location": _media_location(headers),
    }
    values |= _snapshot_parts(values)
    (prefix / "dailyfresh.conf").write_text(
        _render(NGINX_TEMPLATES / "dailyfresh.conf.template", values)
    )
    config = prefix / "nginx.conf"
    config.write_text(_render(NGINX_TEMPLATES / "nginx.conf.template", values))
    return config


def nginx_command(config: Path) -> list[str]:
    return [NGINX, "-p", str(config.parent), "-c", str(config)]

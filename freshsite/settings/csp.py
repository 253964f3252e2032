"""The Content-Security-Policy (django-csp), in every environment so `make run` exercises it.

Scripts and styles only from our own files (no inline code; data reaches static/js through
data- attributes or json_script), forms post only to the shop, and no other site may frame it.
nginx sends the same header on the files it serves (deploy/nginx/, built from this setting).
"""

from urllib.parse import urlsplit


def media_origins(*, storages: dict, media_url: str) -> list[str]:
    """Where media (goods pictures) are served from when not from this site."""
    options = storages["default"].get("OPTIONS", {})
    bucket, region = options.get("bucket_name"), options.get("region_name")
    urls = [media_url if "//" in media_url else ""]
    if options.get("custom_domain"):
        urls.append(f"https://{options['custom_domain']}")
    elif options.get("endpoint_url"):
        urls.append(options["endpoint_url"])
    elif bucket:  # boto3's own addresses for the bucket
        urls.append(f"https://{bucket}.s3.amazonaws.com")
        urls.append(f"https://{bucket}.s3.{region}.amazonaws.com" if region else "")
    return [f"{urlsplit(url).scheme or 'https'}://{urlsplit(url).netloc}" for url in urls if url]


def content_security_policy(*, storages: dict, media_url: str) -> dict:
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:", *media_origins(storages=storages, media_url=media_url)],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
            "base-uri": ["'self'"],
            "object-src": ["'none'"],
        },
        # Wagtail's admin writes inline scripts and styles of its own (inline panels, date
        # pickers, the rich-text editor) that this policy would block; it is Wagtail's,
        # staff-only, behind its login. Page previews are served under it too.
        "EXCLUDE_URL_PREFIXES": ["/admin/"],
    }

"""Alipay's RSA2 signatures (SHA256withRSA, PKCS#1 v1.5), for both sides of the protocol.

What is signed is ``content_to_sign(params)``: every non-empty parameter but ``sign`` (and, for
a notification, ``sign_type``), sorted by key, ``key=value`` joined by ``&``, values raw (not
URL-encoded). An API answer is signed over the exact text of its ``<method>_response`` object
as it appears in the body, so ``response_text`` cuts it out rather than re-serialising it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.core.exceptions import ImproperlyConfigured

CENT = Decimal("0.01")


def content_to_sign(params: Mapping[str, str], *, drop: Iterable[str] = ("sign",)) -> str:
    dropped = set(drop)
    return "&".join(
        f"{key}={params[key]}"
        for key in sorted(params)
        if key not in dropped and params[key] not in (None, "")
    )


def rsa2_sign(private_key: rsa.RSAPrivateKey, text: str) -> str:
    signature = private_key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def rsa2_verify(public_key: rsa.RSAPublicKey, text: str, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError, TypeError):
        return False
    return True


def params_sign(private_key: rsa.RSAPrivateKey, params: Mapping[str, str], **kwargs) -> str:
    return rsa2_sign(private_key, content_to_sign(params, **kwargs))


def params_verify(public_key: rsa.RSAPublicKey, params: Mapping[str, str], **kwargs) -> bool:
    signature = params.get("sign") or ""
    return bool(signature) and rsa2_verify(public_key, content_to_sign(params, **kwargs), signature)


def amount_text(amount: Decimal) -> str:
    """Alipay's amounts: yuan with exactly two decimals."""
    return format(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP), "f")


def biz_json(biz: Mapping[str, str]) -> str:
    return json.dumps(biz, ensure_ascii=False, separators=(",", ":"))


# --- keys -----------------------------------------------------------------------------------


def _key_bytes(value: str, what: str) -> tuple[bytes, bool]:
    """PEM text, the path of a PEM file, or the bare base64 body Alipay's console shows.

    Returns the bytes and whether they are PEM (else DER).
    """
    value = value.strip()
    if "-----BEGIN" in value:
        return value.encode("ascii"), True
    if "\n" not in value and len(value) < 1024:
        path = Path(value).expanduser()
        if path.is_file():
            return path.read_bytes(), True
    try:
        return base64.b64decode("".join(value.split()), validate=True), False
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(
            f"{what}: neither PEM text, nor a readable PEM file, nor a base64 key"
        ) from None


def private_key_load(value: str | rsa.RSAPrivateKey, what: str = "private key"):
    if isinstance(value, rsa.RSAPrivateKey):
        return value
    data, pem = _key_bytes(value, what)
    try:
        loader = serialization.load_pem_private_key if pem else serialization.load_der_private_key
        key = loader(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise ImproperlyConfigured(f"{what}: {exc}") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ImproperlyConfigured(f"{what}: not an RSA key")
    return key


def public_key_load(value: str | rsa.RSAPublicKey, what: str = "public key"):
    if isinstance(value, rsa.RSAPublicKey):
        return value
    data, pem = _key_bytes(value, what)
    try:
        loader = serialization.load_pem_public_key if pem else serialization.load_der_public_key
        key = loader(data)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise ImproperlyConfigured(f"{what}: {exc}") from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise ImproperlyConfigured(f"{what}: not an RSA key")
    return key


def private_key_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def public_key_pem(key: rsa.RSAPublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


# --- API answers ----------------------------------------------------------------------------


def response_name(method: str) -> str:
    return method.replace(".", "_") + "_response"


def response_text(body: str, name: str) -> str | None:
    """The raw text of the JSON object under key ``name`` in ``body``, as it was sent.

    Re-serialising the parsed object would change spacing, escapes or key order and break the
    signature; so find the key and scan to the brace that closes its object, minding strings.
    """
    key_at = body.find(f'"{name}"')
    if key_at < 0:
        return None
    start = body.find("{", key_at + len(name) + 2)
    if start < 0 or body[key_at + len(name) + 2 : start].strip() != ":":
        return None
    depth, in_string, escaped = 0, False, False
    for index in range(start, len(body)):
        char = body[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return body[start : index + 1]
    return None


def response_body(name: str, answer: Mapping[str, str], private_key: rsa.RSAPrivateKey) -> str:
    """An API answer signed as Alipay signs one (the gateway side: fake.py)."""
    text = biz_json(answer)
    return f'{{"{name}":{text},"sign":"{rsa2_sign(private_key, text)}"}}'

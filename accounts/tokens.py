"""Signed, expiring activation tokens (itsdangerous)."""

from django.conf import settings
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .exceptions import ActivationLinkExpired, ActivationLinkInvalid

_SALT = "accounts.activation"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.SECRET_KEY, salt=_SALT)


def activation_token_make(*, user_id: int) -> str:
    return _serializer().dumps({"uid": user_id})


def activation_token_read(*, token: str) -> int:
    """Return the user id the token names, or raise if it is tampered with or too old."""
    try:
        payload = _serializer().loads(token, max_age=settings.ACCOUNT_ACTIVATION_MAX_AGE)
    except SignatureExpired as exc:
        raise ActivationLinkExpired from exc
    except BadSignature as exc:
        raise ActivationLinkInvalid from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("uid"), int):
        raise ActivationLinkInvalid
    return payload["uid"]

"""The base of every app's domain errors: each knows the contract's error code, its HTTP status
and a message for the shopper; JSON routes (``freshsite.json_routes``) answer them as
``{"ok": false, "error": code, "message": text, ...details}``."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "invalid_input"
    status = 400
    default_message = _("请求无效。")

    def __init__(self, message: str | None = None, **details):
        self.message = str(message or self.default_message)
        self.details = details
        super().__init__(self.message)


class InvalidInput(DomainError):
    code = "invalid_input"


class LoginRequired(DomainError):
    code = "login_required"
    status = 401
    default_message = _("请先登录。")

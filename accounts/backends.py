from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .selectors import client_ip, login_is_throttled, session_user


class ThrottledModelBackend(ModelBackend):
    """Django's model backend, refusing a username or client IP with too many recent failures.

    It guards every login form that goes through ``authenticate()``: the shop's and the Wagtail
    admin's. Failures are counted by ``signal_handlers`` from ``user_login_failed``. The user of
    a session comes from a cache that every save of the user clears (``selectors.session_user``).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None and login_is_throttled(
            username=str(username), ip=client_ip(request)
        ):
            raise PermissionDenied  # stops authenticate() from trying another backend
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        user = session_user(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

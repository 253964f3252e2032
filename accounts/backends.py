from django.contrib.auth.backends import ModelBackend

from .selectors import session_user


class ShopModelBackend(ModelBackend):
    """Django's model backend, serving a session's user from the cache.

    Login throttling is django-axes' ``AxesStandaloneBackend``, listed before this one in
    ``AUTHENTICATION_BACKENDS`` (``accounts.login_throttle``). The user of a session comes from
    a cache that every save of the user clears (``selectors.session_user``).
    """

    def get_user(self, user_id):
        user = session_user(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

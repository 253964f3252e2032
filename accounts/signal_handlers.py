from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save

from . import services
from .models import User
from .selectors import client_ip


def record_login_failure(sender, credentials, request=None, **kwargs) -> None:
    services.login_failure_record(
        username=str(credentials.get("username") or ""), ip=client_ip(request)
    )


def clear_login_failures(sender, request, user, **kwargs) -> None:
    services.login_failures_clear(username=user.get_username())


def forget_session_user(sender, instance, **kwargs) -> None:
    services.session_user_forget(user_id=instance.pk)


def connect() -> None:
    post_save.connect(forget_session_user, sender=User, dispatch_uid="accounts.user_saved")
    post_delete.connect(forget_session_user, sender=User, dispatch_uid="accounts.user_deleted")
    user_login_failed.connect(record_login_failure, dispatch_uid="accounts.login_failed")
    user_logged_in.connect(clear_login_failures, dispatch_uid="accounts.logged_in")

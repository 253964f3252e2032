from django.db.models.signals import post_delete, post_save

from . import services
from .models import User


def forget_session_user(sender, instance, **kwargs) -> None:
    services.session_user_forget(user_id=instance.pk)


def connect() -> None:
    post_save.connect(forget_session_user, sender=User, dispatch_uid="accounts.user_saved")
    post_delete.connect(forget_session_user, sender=User, dispatch_uid="accounts.user_deleted")

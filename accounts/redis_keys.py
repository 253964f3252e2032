"""Names of the raw Redis keys this app owns (the design notes' formats)."""


def browsing_history_key(user_id: int) -> str:
    return f"history_{user_id}"


def session_user_cache_key(user_id: int) -> str:
    """Django cache key of the user a session stands for (``selectors.session_user``)."""
    return f"session_user:{user_id}"

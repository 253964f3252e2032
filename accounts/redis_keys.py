"""Names of the raw Redis keys this app owns (the design notes' formats)."""


def browsing_history_key(user_id: int) -> str:
    return f"history_{user_id}"

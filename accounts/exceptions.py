"""Domain errors of the accounts app; views turn them into form errors or clear pages."""


class AccountsError(Exception):
    code = "accounts_error"


class UsernameTaken(AccountsError):
    code = "username_taken"


class ActivationLinkInvalid(AccountsError):
    code = "activation_invalid"


class ActivationLinkExpired(AccountsError):
    code = "activation_expired"


class AlreadyActivated(AccountsError):
    code = "already_activated"

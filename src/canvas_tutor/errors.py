"""The one error type the command line shows as a plain message (no traceback)."""


class UserError(Exception):
    """Something the user can fix; the message says what is wrong and what to do."""

"""Choice lists of reminders."""

from enum import StrEnum


class ReminderState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    SNOOZED = "snoozed"
    DONE = "done"


class Channel(StrEnum):
    """How a reminder reached its recipient (e-mail is recorded, so it is sent once)."""

    INBOX = "inbox"
    EMAIL = "email"
    ICS = "ics"

"""Reminders: one engine that turns every domain's due drafts into an inbox, e-mail and a feed."""

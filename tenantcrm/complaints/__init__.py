"""Complaints: register, investigate, resolve with approval, feed back, prevent recurrence."""

"""Care: contact schedules, complaints, satisfaction and tenant health (see the open issues)."""

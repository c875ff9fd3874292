"""Settings: every knob is an environment variable named TENANTCRM_<FIELD>."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///tenantcrm.sqlite3"


class Settings(BaseSettings):
    """Runtime configuration, read once from the environment."""

    model_config = SettingsConfigDict(env_prefix="TENANTCRM_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        repr=False,  # may hold a password
        description="sqlite:///path/to/file.sqlite3 (default) or postgresql://user@host:port/db",
    )
    db_pool_min: int = Field(default=2, ge=1, description="PostgreSQL pool: minimum connections")
    db_pool_max: int = Field(default=10, ge=1, description="PostgreSQL pool: maximum connections")
    db_connect_timeout: float = Field(
        default=5.0, gt=0, description="Seconds to open a PostgreSQL connection before a 503"
    )
    sqlite_busy_timeout: float = Field(
        default=30.0, gt=0, description="Seconds a SQLite writer waits for the lock"
    )
    today: date | None = Field(
        default=None, description="Pin 'today' (YYYY-MM-DD) for demos and reproducible reports"
    )
    secret_key: str = Field(
        default="",
        repr=False,
        description=(
            "Signs session and CSRF cookies (32+ random characters). Empty: a new random key "
            "each start, so sign-ins do not survive a restart"
        ),
    )
    secure_cookies: bool | None = Field(
        default=None,
        description=(
            "Send the session and CSRF cookies over HTTPS only, and ask browsers for HTTPS "
            "(HSTS). Unset: on, unless the app listens on a loopback address (plain "
            "http://127.0.0.1 for the demo); set false for plain HTTP elsewhere"
        ),
    )
    sign_in_failures_per_user: int = Field(
        default=5, ge=1, description="Wrong passwords for one username before it must wait"
    )
    sign_in_failures_per_address: int = Field(
        default=20, ge=1, description="Failed sign-ins from one client address before it waits"
    )
    token_failures_per_address: int = Field(
        default=20, ge=1, description="Unknown bearer tokens from one address before it waits"
    )
    sign_in_window_seconds: int = Field(
        default=900, ge=1, le=86400, description="Window in which failed sign-ins are counted"
    )
    report_time_limit: float = Field(
        default=120.0, gt=0, description="Seconds an owner report may take to render"
    )
    debug: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    templates_dir: Path = Field(
        default=Path(__file__).resolve().parent.parent / "templates",
        description="Jinja2 templates folder",
    )

    scheduler: bool = Field(
        default=False,
        description="Run the daily reminder sweep inside the app (`tenantcrm serve` turns it on)",
    )
    sweep_hour: int = Field(default=6, ge=0, le=23, description="Hour of the daily sweep (local)")
    reminder_window_days: int = Field(
        default=14, ge=0, le=366, description="Days ahead a sweep raises reminders for"
    )
    reminder_catch_up_days: int = Field(
        default=90, ge=0, le=3660, description="Most days a sweep looks back after downtime"
    )
    renewal_lead_months: str = Field(
        default="12,9,6,3",
        description="Months before a lease expires to raise renewal reminders, comma-separated",
    )
    smtp_host: str | None = Field(default=None, description="SMTP server; unset: no e-mail")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_from: str = Field(default="tenantcrm@localhost", description="Sender of reminder mail")
    smtp_username: str | None = None
    smtp_password: str | None = Field(default=None, repr=False)
    smtp_starttls: bool = False
    smtp_timeout: float = Field(default=30.0, gt=0)
    reminder_digest_size: int = Field(
        default=500, ge=1, le=5000, description="Most reminders in one e-mail digest"
    )

    @field_validator("renewal_lead_months")
    @classmethod
    def _lead_months(cls, value: str) -> str:
        parts = [p.strip() for p in value.strip().strip("[]").split(",") if p.strip()]
        if not all(p.isdigit() and 1 <= int(p) <= 120 for p in parts):
            raise ValueError("must be whole months from 1 to 120, comma-separated, e.g. 12,9,6,3")
        return ",".join(parts)

    @property
    def renewal_leads(self) -> tuple[int, ...]:
        """The renewal lead times in months, longest first, each once."""
        return tuple(
            sorted({int(p) for p in self.renewal_lead_months.split(",") if p}, reverse=True)
        )

    @property
    def https_only(self) -> bool:
        """Whether cookies are HTTPS-only and HSTS is sent: the setting, else on unless the
        app listens on a loopback address only (the local demo over plain HTTP)."""
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.host not in ("127.0.0.1", "localhost", "::1")

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    def clock_today(self) -> date:
        """The business date: pinned by TENANTCRM_TODAY, otherwise the system date."""
        return self.today or date.today()  # noqa: DTZ011 - the business date is local by design


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

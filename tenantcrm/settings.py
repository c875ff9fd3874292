"""Settings: every knob is an environment variable named TENANTCRM_<FIELD>."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///tenantcrm.sqlite3"


class Settings(BaseSettings):
    """Runtime configuration, read once from the environment."""

    model_config = SettingsConfigDict(env_prefix="TENANTCRM_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="sqlite:///path/to/file.sqlite3 (default) or postgresql://user@host:port/db",
    )
    db_pool_min: int = Field(default=2, ge=1, description="PostgreSQL pool: minimum connections")
    db_pool_max: int = Field(default=10, ge=1, description="PostgreSQL pool: maximum connections")
    sqlite_busy_timeout: float = Field(
        default=30.0, gt=0, description="Seconds a SQLite writer waits for the lock"
    )
    today: date | None = Field(
        default=None, description="Pin 'today' (YYYY-MM-DD) for demos and reproducible reports"
    )
    secret_key: str = Field(
        default="",
        description=(
            "Signs session and CSRF cookies (32+ random characters). Empty: a new random key "
            "each start, so sign-ins do not survive a restart"
        ),
    )
    secure_cookies: bool = Field(
        default=False, description="Send cookies over HTTPS only (set true behind TLS)"
    )
    debug: bool = False
    host: str = "127.0.0.1"
    port: int = 8000
    templates_dir: Path = Field(
        default=Path(__file__).resolve().parent.parent / "templates",
        description="Jinja2 templates folder",
    )

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    def clock_today(self) -> date:
        """The business date: pinned by TENANTCRM_TODAY, otherwise the system date."""
        return self.today or date.today()  # noqa: DTZ011 - the business date is local by design


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

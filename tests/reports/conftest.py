"""Report tests use the app fixtures (tests/app_fixtures.py) and poppler's pdftotext.

Without poppler-utils these tests are skipped on a laptop, and fail under CI=true (where
``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = ["pdf_pages", "pdf_text"]


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} (poppler-utils) is missing: .ci/run installs it")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return found


def pdf_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, laid out as printed."""
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(
        [_require("pdftotext"), "-layout", str(source), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.split("\f")[:-1] if done.stdout.endswith("\f") else done.stdout.split("\f")


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    source = tmp_path / "count.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(
        [_require("pdfinfo"), str(source)], capture_output=True, text=True, check=True, timeout=60
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])

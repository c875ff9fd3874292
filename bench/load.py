"""A bounded HTTP load generator: fixed concurrency, a time limit and a request cap.

Run as its own process so that it does not share an event loop with the server:

    python -m bench.load --base http://127.0.0.1:8000 --paths-file paths.txt \
        --seconds 20 --concurrency 16

Each of ``concurrency`` workers keeps one HTTP/1.1 connection open and sends GETs one after
the other, cycling through the paths. It prints one JSON object: requests, errors, requests
per second, p50 and p95 latency in ms. Only loopback addresses are accepted.

The client speaks plain HTTP/1.1 over asyncio streams: on this machine httpx's client tops out
near 850 requests/s, far below what the bare framework serves, so it would measure itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_REQUESTS = 2_000_000  # a hard cap, whatever the time limit
REQUEST_TIMEOUT = 30.0  # seconds one request may take before it counts as an error
MAX_BODY = 64 * 1024 * 1024


class HttpError(Exception):
    """The server's answer could not be read as HTTP/1.1."""


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, of 200 responses
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    first_error: str = ""

    def error(self, message: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or message


class Connection:
    """One keep-alive HTTP/1.1 connection, reopened when the server closes it."""

    def __init__(self, host: str, port: int, token: str = "") -> None:
        self.host, self.port = host, port
        self.auth = f"Authorization: Bearer {token}\r\n" if token else ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self.auth}\r\n"
        self.writer.write(request.encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        parts = status_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
            raise HttpError(f"bad status line {status_line!r}")
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip().lower()
        if headers.get("transfer-encoding") == "chunked":
            body = await self._chunked()
        else:
            length = int(headers.get("content-length", "0"))
            if length > MAX_BODY:
                raise HttpError(f"body of {length} bytes")
            body = await self.reader.readexactly(length)
        if headers.get("connection") == "close":
            await self.close()
        return int(parts[1]), body

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        body = bytearray()
        for _ in range(100_000):
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return bytes(body)
            body += await self.reader.readexactly(size + 2)
            del body[-2:]
            if len(body) > MAX_BODY:
                break
        raise HttpError("chunked body too long")

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def require_loopback(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        raise SystemExit(f"refusing {base!r}: only http:// on a loopback address is allowed")
    return parts.hostname, parts.port or 80


async def _worker(
    host: str,
    port: int,
    paths: list[str],
    start_at: int,
    stride: int,
    deadline: float,
    budget: list[int],
    tally: Tally,
) -> None:
    connection = Connection(host, port, os.environ.get("BENCH_TOKEN", ""))
    position = start_at
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            path = paths[position % len(paths)]
            position += stride
            began = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(connection.get(path), REQUEST_TIMEOUT)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
                tally.error(f"{type(error).__name__}: {error} ({path})")
                await connection.close()
                continue
            except (HttpError, ValueError, TimeoutError) as error:
                tally.error(f"{type(error).__name__}: {error} ({path})")
                await connection.close()
                continue
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            if status == 200:
                tally.latencies.append(time.perf_counter() - began)
            else:
                tally.error(f"HTTP {status} for {path}")
    finally:
        await connection.close()


async def _phase(
    host: str, port: int, paths: list[str], seconds: float, concurrency: int, offset: int
) -> tuple[Tally, float]:
    tally, budget = Tally(), [MAX_REQUESTS]
    began = time.perf_counter()
    deadline = began + seconds
    await asyncio.gather(
        *(
            _worker(host, port, paths, offset + i, concurrency, deadline, budget, tally)
            for i in range(concurrency)
        )
    )
    return tally, time.perf_counter() - began


async def run(
    base: str, paths: list[str], seconds: float, concurrency: int, warmup: float
) -> dict[str, Any]:
    """Load ``base`` with ``paths``; a warm-up phase first, whose figures are dropped."""
    host, port = require_loopback(base)
    if warmup > 0:
        await _phase(host, port, paths, warmup, concurrency, offset=len(paths) // 2)
    tally, elapsed = await _phase(host, port, paths, seconds, concurrency, offset=0)
    latencies = sorted(tally.latencies)
    return {
        "requests": len(latencies) + tally.errors,
        "ok": len(latencies),
        "errors": tally.errors,
        "seconds": round(elapsed, 3),
        "rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p95_ms": round(percentile(latencies, 95) * 1000, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else 0.0,
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "first_error": tally.first_error,
    }


def percentile(values: list[float], percent: float) -> float:
    """Nearest-rank percentile of sorted ``values`` (0 when there are none)."""
    if not values:
        return 0.0
    rank = -(-len(values) * percent // 100)  # ceil(n * p / 100), 1-based
    return values[max(0, min(len(values), int(rank)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description="Bounded HTTP load against a loopback server.")
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--paths-file", required=True, type=Path, help="one path per line")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    paths = [p for p in args.paths_file.read_text(encoding="utf-8").splitlines() if p]
    if not paths or not 1 <= args.concurrency <= 512 or not 0 < args.seconds <= 3600:
        raise SystemExit("need paths, 1-512 connections and 0-3600 seconds")
    result = asyncio.run(run(args.base, paths, args.seconds, args.concurrency, args.warmup))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

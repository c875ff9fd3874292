"""A free TCP port on 127.0.0.1, for the servers tests and benchmarks start."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nobody listens on now (the system picks it; it stays free until someone binds)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port

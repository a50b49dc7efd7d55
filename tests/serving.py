"""A real `fzcheck serve` app on a loopback port, in a thread of the test process (uvicorn)."""

from __future__ import annotations

import contextlib
import importlib.util
import socket
import threading
import time


from conftest import missing_component

def require(module: str, what: str) -> None:
    """Skip (or, in CI, fail) when the page's libraries are missing."""
    if importlib.util.find_spec(module) is None:
        missing_component(f"{what} is not installed ({module})", module_level=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def live_server(**settings):
    """Yields the base URL; the server (and its worker pool) stops when the block ends."""
    import uvicorn

    from fzcheck.serve.app import create_app
    from fzcheck.serve.settings import Settings

    port = free_port()
    config = uvicorn.Config(create_app(Settings(port=port, **settings)), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("fzcheck serve did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)

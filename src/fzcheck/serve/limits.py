"""ASGI middleware: the upload size limit (before a body is read whole) and the security headers."""

from __future__ import annotations

import orjson

# Everything the page needs comes from this server; nothing may be loaded from, or sent to, elsewhere.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class TooLarge(Exception):
    pass


def _json(status: int, message: str) -> tuple[dict, dict]:
    body = orjson.dumps({"message": message})
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *HEADERS],
    }
    return start, {"type": "http.response.body", "body": body}


class Guard:
    """Refuses bodies over `limit` bytes with 413 — by Content-Length before reading, and for chunked or
    understated bodies as soon as the running count passes the limit — and adds HEADERS to every answer."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"上传的内容超过 {self.limit // 1048576} MB 上限，请确认是否为报告本身"
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _send_refusal(send, 413 if length.isdigit() else 400, message if length.isdigit() else "Content-Length 无效")
            return
        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > self.limit:
                    raise TooLarge
            return event

        async def secured_send(event):
            nonlocal started
            if event["type"] == "http.response.start":
                started = True
                event = {**event, "headers": [*event.get("headers", []), *HEADERS]}
            await send(event)

        try:
            await self.app(scope, counted_receive, secured_send)
        except TooLarge:
            if not started:
                await _send_refusal(send, 413, message)


async def _send_refusal(send, status: int, message: str) -> None:
    start, body = _json(status, message)
    await send(start)
    await send(body)

"""What the tests' stub HTTP servers share: answering a request, quietly if the client has gone."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler


def reply(
    handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    """Send ``status``, ``headers`` and ``body``; a client that gave up waiting gets nothing."""
    try:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass

"""HTTP on the loopback interface only: a free port, JSON requests, and servers that are always shut down.

    with serving(attempt.serve(handler, port=0)) as address:     # server.shutdown() on exit, always
        ok = post(address, "/predictions", {"inputs": [[0.1, 0.2]]})
        expect(ok.status == 200, ...); ok.body["predictions"]
        bad = post(address, "/predictions", data=b"{not json")    # 4xx/5xx come back, never raise
        expect(bad.status == 400 and isinstance(bad.body, dict) and "error" in bad.body, ...)

`serving` takes an http.server-like object already serving on a background thread (`server_address`,
`shutdown()`, and `server_close()` if it has one) and yields its (host, port); the shutdown is bounded, so
a server that never served fails the check instead of hanging it. Requests go to 127.0.0.1 / localhost /
::1 only; `Response.body` is the parsed JSON, or the text when the body is not JSON. A refused connection or
no answer within `timeout` seconds fails the check with a message naming the request.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from grader.checks.errors import CheckFailed

LOOPBACK = ("127.0.0.1", "localhost", "::1")
Address = tuple[str, int]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Response:
    status: int
    body: object  # parsed JSON, or the text when the body is not JSON
    text: str
    is_json: bool
    headers: dict[str, str]  # names in lower case


def request(
    address: Address,
    method: str,
    path: str,
    json_body: object = None,
    *,
    data: bytes | str | None = None,
    timeout: float = 5.0,
) -> Response:
    """One HTTP request to a loopback `address`; `json_body` is sent as JSON, `data` as it is (for malformed
    bodies). Returns the status and body whatever the status; fails the check on no connection or no answer."""
    host, port = address[0], int(address[1])
    if host not in LOOPBACK and host not in ("", "0.0.0.0"):
        raise ValueError(f"loopback.request: {host!r} is not a loopback address")
    host = "127.0.0.1" if host in ("", "0.0.0.0", "localhost") else host
    body = json.dumps(json_body).encode() if json_body is not None else data.encode() if isinstance(data, str) else data
    headers = {"Content-Type": "application/json"} if body is not None else {}
    said = f"{method} {path} on {host}:{port}"
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        reply = connection.getresponse()
        raw = reply.read()
    except ConnectionRefusedError:
        raise CheckFailed(f"{said}: connection refused (is the server listening?)") from None
    except TimeoutError:
        raise CheckFailed(f"{said}: no answer within {timeout:g} s (did the server hang?)") from None
    except (http.client.HTTPException, OSError) as err:
        raise CheckFailed(f"{said}: the connection failed ({type(err).__name__}: {err})") from None
    finally:
        connection.close()
    text = raw.decode("utf-8", errors="replace")
    headers = {k.lower(): v for k, v in reply.getheaders()}
    try:
        return Response(reply.status, json.loads(text), text, True, headers)
    except ValueError:
        return Response(reply.status, text, text, False, headers)


def get(address: Address, path: str, *, timeout: float = 5.0) -> Response:
    return request(address, "GET", path, timeout=timeout)


def post(
    address: Address, path: str, json_body: object = None, *, data: bytes | str | None = None, timeout: float = 5.0
) -> Response:
    return request(address, "POST", path, json_body, data=data, timeout=timeout)


@contextlib.contextmanager
def serving(server: object, what: str = "the server", timeout: float = 5.0) -> Iterator[Address]:
    """Yield a running server's (host, port); shut it down on exit, whatever happened in the block.

    A failure in the block is the one reported; a shutdown that fails or hangs fails the check otherwise.
    """
    try:
        address = getattr(server, "server_address", None)
        if not (isinstance(address, tuple) and len(address) >= 2 and isinstance(address[1], int)):
            raise CheckFailed(f"{what}: expected an object with server_address (host, port), got {address!r}")
        if address[0] not in LOOPBACK and address[0] not in ("", "0.0.0.0"):
            raise CheckFailed(f"{what}: listens on {address[0]!r}; serve on 127.0.0.1 only")
        yield (str(address[0]), address[1])
    except BaseException:
        with contextlib.suppress(CheckFailed):
            _shut_down(server, what, timeout)
        raise
    _shut_down(server, what, timeout)


def _shut_down(server: object, what: str, timeout: float) -> None:
    shutdown = getattr(server, "shutdown", None)
    if shutdown is None:
        raise CheckFailed(f"{what}: expected an object with shutdown(), got {type(server).__name__}")
    errors: list[BaseException] = []

    def stop() -> None:
        try:
            shutdown()
        except BaseException as err:  # reported below, in the check's thread
            errors.append(err)

    stopper = threading.Thread(target=stop, name="grader-server-shutdown", daemon=True)
    stopper.start()
    stopper.join(timeout)
    close = getattr(server, "server_close", None)
    if callable(close):
        with contextlib.suppress(Exception):
            close()
    if stopper.is_alive():
        raise CheckFailed(
            f"{what}: shutdown() did not return within {timeout:g} s (is serve_forever running on a background thread?)"
        )
    if errors:
        raise CheckFailed(f"{what}: shutdown() raised {type(errors[0]).__name__}: {errors[0]}") from errors[0]

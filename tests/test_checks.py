"""The shared checks library `grader.checks`, in-process: every helper's success and its failure message."""

from __future__ import annotations

import csv
import gzip
import http.server
import json
import pickle
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from grader.checks import (
    CheckFailed,
    free_port,
    get,
    idx_bytes,
    post,
    request,
    serving,
    write_cifar_batch,
    write_coco,
    write_csv,
    write_idx,
    write_memmap,
    write_png,
)


def fails(match: str) -> pytest.RaisesContext:
    """The check fails (CheckFailed) with a message containing `match` (a literal, not a pattern)."""
    return pytest.raises(CheckFailed, match=re.escape(match))


# --- formats -------------------------------------------------------------------------------------------

PIXELS = np.random.default_rng(0).integers(0, 256, size=(5, 7, 4), dtype=np.uint8)


@pytest.mark.parametrize(("pixels", "mode"), [(PIXELS[..., 0], "L"), (PIXELS[..., :3], "RGB"), (PIXELS, "RGBA")])
def test_write_png_reads_back_in_its_mode(tmp_path: Path, pixels: np.ndarray, mode: str) -> None:
    path = write_png(tmp_path / "sub" / "img.png", pixels)
    assert path == tmp_path / "sub" / "img.png"
    with Image.open(path) as image:
        assert (image.format, image.mode, image.size) == ("PNG", mode, (7, 5))
        assert np.array_equal(np.asarray(image), pixels)


def test_write_png_palette_mode(tmp_path: Path) -> None:
    palette = np.array([[255, 0, 0], [0, 128, 0], [10, 20, 30]], dtype=np.uint8)
    indices = np.array([[0, 1, 2], [2, 2, 0]], dtype=np.uint8)
    with Image.open(write_png(tmp_path / "p.png", indices, palette=palette)) as image:
        assert image.mode == "P"
        assert np.array_equal(np.asarray(image), indices)
        assert np.array_equal(np.asarray(image.convert("RGB")), palette[indices])


@pytest.mark.parametrize(
    ("pixels", "palette", "message"),
    [
        (PIXELS.astype(np.float32), None, "pixels must be uint8, got float32"),
        (PIXELS[..., :2], None, "must be (H, W), (H, W, 3) or (H, W, 4), got (5, 7, 2)"),
        (PIXELS[..., 0] % 4, [[0, 0, 0], [1, 1, 1]], "index 3 is outside the palette of 2"),
        (PIXELS, [[0, 0, 0]], "mode P takes (H, W) indices"),
    ],
)
def test_write_png_rejects_data_the_format_cannot_hold(tmp_path, pixels, palette, message) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        write_png(tmp_path / "x.png", pixels, palette=palette)


def test_write_cifar_batch_is_the_real_pickle_layout(tmp_path: Path) -> None:
    images = np.random.default_rng(1).integers(0, 256, size=(3, 3, 32, 32), dtype=np.uint8)
    path = write_cifar_batch(tmp_path / "data_batch_1", images, [7, 0, 9], filenames=["a.png", "b.png", "c.png"])
    raw = path.read_bytes()
    assert raw[:2] == b"\x80\x02"  # pickle protocol 2, as the real files
    batch = pickle.loads(raw, encoding="bytes")
    assert set(batch) == {b"batch_label", b"labels", b"data", b"filenames"}
    assert batch[b"batch_label"] == b"training batch 1 of 5"
    assert batch[b"labels"] == [7, 0, 9] and all(type(label) is int for label in batch[b"labels"])
    assert batch[b"filenames"] == [b"a.png", b"b.png", b"c.png"]
    data = batch[b"data"]
    assert (data.dtype, data.shape) == (np.uint8, (3, 3072))
    assert np.array_equal(data[1, :1024], images[1, 0].reshape(-1))  # red plane first, row-major
    assert np.array_equal(data[1, 1024 + 32 : 1024 + 64], images[1, 1, 1])  # green, second row
    assert np.array_equal(data.reshape(3, 3, 32, 32), images)
    flat = write_cifar_batch(tmp_path / "test_batch", data, [1, 2, 3], batch_label="testing batch 1 of 1")
    assert pickle.loads(flat.read_bytes())[b"filenames"] == [b"image_00000.png", b"image_00001.png", b"image_00002.png"]


@pytest.mark.parametrize(
    ("images", "labels", "message"),
    [
        (np.zeros((2, 32, 32, 3), np.uint8), [0, 1], "must be uint8 (N, 3, 32, 32), got uint8 (2, 32, 32, 3)"),
        (np.zeros((2, 3, 32, 32), np.float32), [0, 1], "got float32"),
        (np.zeros((2, 3072), np.uint8), [0], "2 images but 1 labels"),
    ],
)
def test_write_cifar_batch_rejects_other_layouts(tmp_path, images, labels, message) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        write_cifar_batch(tmp_path / "b", images, labels)


def read_idx_header(data: bytes) -> tuple[int, list[int]]:
    assert data[:2] == b"\x00\x00"
    ndim = data[3]
    return data[2], [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]


@pytest.mark.parametrize(
    ("dtype", "code"),
    [(np.uint8, 0x08), (np.int8, 0x09), (np.int16, 0x0B), (np.int32, 0x0C), (np.float32, 0x0D), (np.float64, 0x0E)],
)
def test_idx_bytes_header_and_big_endian_data(dtype, code) -> None:
    array = (np.arange(2 * 3 * 5) * 3 - 7).astype(dtype).reshape(2, 3, 5)
    data = idx_bytes(array)
    assert read_idx_header(data) == (code, [2, 3, 5])
    body = np.frombuffer(data[4 + 12 :], dtype=np.dtype(dtype).newbyteorder(">"))
    assert np.array_equal(body.reshape(2, 3, 5), array)


def test_write_idx_plain_and_gzipped(tmp_path: Path) -> None:
    labels = np.array([3, 1, 4, 1, 5], dtype=np.uint8)
    plain = write_idx(tmp_path / "t10k-labels-idx1-ubyte", labels)
    zipped = write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", labels)
    assert plain.read_bytes() == idx_bytes(labels) == bytes([0, 0, 8, 1, 0, 0, 0, 5, 3, 1, 4, 1, 5])
    assert zipped.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(zipped.read_bytes()) == plain.read_bytes()


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (np.zeros(3, np.int64), "IDX holds uint8, int8, int16, int32, float32 or float64, got int64"),
        (np.zeros(3, bool), "got bool"),
        (np.uint8(3), "an IDX file holds an array of at least one dimension"),
    ],
)
def test_idx_bytes_rejects_what_idx_cannot_hold(array, message) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        idx_bytes(array)


def test_write_coco_fills_defaults_and_keeps_the_order(tmp_path: Path) -> None:
    images = [
        {"id": 9, "file_name": "b.png", "width": 8, "height": 6},
        {"id": 2, "file_name": "a.png", "width": 4, "height": 4},
    ]
    categories = [{"id": 17, "name": "dog"}, {"id": 3, "name": "cat"}]
    annotations = [
        {"image_id": 9, "category_id": 17, "bbox": [1, 2, 3, 4]},
        {"image_id": 9, "category_id": 3, "bbox": [0, 0, 2.5, 2], "area": 4.0, "iscrowd": 1, "id": 40},
        {"image_id": 9, "category_id": 3, "bbox": [1, 1, 1, 1], "area": None},
    ]
    path = write_coco(
        tmp_path / "annotations" / "instances.json", images=images, annotations=annotations, categories=categories
    )
    document = json.loads(path.read_text())
    assert set(document) == {"info", "licenses", "images", "annotations", "categories"}
    assert [c["id"] for c in document["categories"]] == [17, 3]  # out of order, as given
    assert document["images"] == images  # image 2 has no annotation
    first, second, third = document["annotations"]
    assert first == {
        "id": 1,
        "image_id": 9,
        "category_id": 17,
        "bbox": [1.0, 2.0, 3.0, 4.0],
        "area": 12.0,
        "iscrowd": 0,
    }
    assert (second["id"], second["area"], second["iscrowd"]) == (40, 4.0, 1)
    assert "area" not in third and third["id"] == 3


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        (
            {"image_id": 5, "category_id": 1, "bbox": [0, 0, 1, 1]},
            "annotation 1 needs a 4-number bbox, a known image_id",
        ),
        ({"image_id": 1, "category_id": 2, "bbox": [0, 0, 1, 1]}, "annotation 1 needs"),
        ({"image_id": 1, "category_id": 1, "bbox": [0, 0, 1]}, "annotation 1 needs"),
    ],
)
def test_write_coco_rejects_dangling_annotations(tmp_path, annotation, message) -> None:
    images, categories = [{"id": 1, "file_name": "a.png", "width": 2, "height": 2}], [{"id": 1, "name": "x"}]
    with pytest.raises(ValueError, match=re.escape(message)):
        write_coco(tmp_path / "c.json", images=images, annotations=[annotation], categories=categories)
    with pytest.raises(ValueError, match=re.escape("image 1 lacks ['height']")):
        write_coco(tmp_path / "c.json", images=[{"id": 1, "file_name": "a", "width": 2}], annotations=[], categories=[])


def test_write_csv_quotes_commas_and_quotes(tmp_path: Path) -> None:
    rows = [["plain", 1.5, 2], ['with, comma and "quotes"', -0.25, 3], ["line\nbreak", 0, 4]]
    path = write_csv(tmp_path / "data.csv", ["name", "x", "y"], rows)
    text = path.read_bytes().decode()
    assert text.startswith("name,x,y\r\n")
    assert '"with, comma and ""quotes"""' in text
    with path.open(newline="") as f:
        read = list(csv.reader(f))
    assert read == [["name", "x", "y"], *[[str(v) for v in row] for row in rows]]


@pytest.mark.parametrize("raw", [False, True])
def test_write_memmap_returns_a_read_only_memmap_of_the_file(tmp_path: Path, raw: bool) -> None:
    array = np.random.default_rng(2).standard_normal((6, 4)).astype(np.float32)
    data = write_memmap(tmp_path / ("x.bin" if raw else "x.npy"), array, raw=raw)
    assert isinstance(data, np.memmap) and not data.flags.writeable
    assert (data.shape, data.dtype) == ((6, 4), np.float32) and np.array_equal(data, array)
    if raw:
        assert (tmp_path / "x.bin").stat().st_size == array.nbytes
        assert np.array_equal(np.fromfile(tmp_path / "x.bin", dtype=np.float32).reshape(6, 4), array)
    else:
        assert np.array_equal(np.load(tmp_path / "x.npy"), array)


# --- loopback --------------------------------------------------------------------------------------------


class JsonHandler(http.server.BaseHTTPRequestHandler):
    """GET /ping -> {"status": "ok"}; POST /echo -> the JSON body back, 400 for malformed JSON; GET /text
    -> plain text; GET /slow -> an answer after 0.5 s; anything else -> 500 with an HTML body."""

    def log_message(self, *args: object) -> None:
        pass

    def reply(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/ping":
            self.reply(200, b'{"status": "ok"}')
        elif self.path == "/text":
            self.reply(200, b"pong", "text/plain")
        elif self.path == "/slow":
            time.sleep(0.5)
            self.reply(200, b"{}")
        else:
            self.reply(500, b"<html>boom</html>", "text/html")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            self.reply(400, b'{"error": "malformed JSON"}')
            return
        self.reply(200, json.dumps({"got": body, "type": self.headers.get("Content-Type")}).encode())


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # /slow answers a client that gave up: a broken pipe, expected


def start_server() -> http.server.ThreadingHTTPServer:
    server = QuietServer(("127.0.0.1", 0), JsonHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server


@pytest.fixture
def server() -> Iterator[http.server.ThreadingHTTPServer]:
    running = start_server()
    with serving(running) as address:
        assert address == ("127.0.0.1", running.server_address[1])
        yield running


def test_free_port_is_free_on_loopback() -> None:
    port = free_port()
    server = http.server.HTTPServer(("127.0.0.1", port), JsonHandler)  # binds: nothing listens there
    server.server_close()
    assert 1024 <= port <= 65535


def test_get_and_post_parse_json(server) -> None:
    address = server.server_address
    ping = get(address, "/ping")
    assert (ping.status, ping.body, ping.is_json) == (200, {"status": "ok"}, True)
    assert ping.headers["content-type"] == "application/json"
    echo = post(address, "/echo", {"inputs": [[1.0, 2.0]]})
    assert echo.body == {"got": {"inputs": [[1.0, 2.0]]}, "type": "application/json"}
    text = get(address, "/text")
    assert (text.status, text.body, text.text, text.is_json) == (200, "pong", "pong", False)


def test_errors_come_back_as_responses(server) -> None:
    bad = post(server.server_address, "/echo", data=b"{not json")
    assert (bad.status, bad.body) == (400, {"error": "malformed JSON"})
    broken = request(server.server_address, "DELETE", "/nothing")
    assert broken.status == 501 and not broken.is_json  # http.server: unsupported method
    html = get(server.server_address, "/missing")
    assert (html.status, html.body) == (500, "<html>boom</html>")


def test_no_answer_fails_the_check_naming_the_request(server) -> None:
    with fails(f"GET /slow on 127.0.0.1:{server.server_address[1]}: no answer within 0.2 s (did the server hang?)"):
        get(server.server_address, "/slow", timeout=0.2)


def test_a_refused_connection_fails_the_check() -> None:
    port = free_port()
    with fails(f"POST /predictions on 127.0.0.1:{port}: connection refused (is the server listening?)"):
        post(("127.0.0.1", port), "/predictions", {"inputs": []})


def test_requests_stay_on_loopback() -> None:
    with pytest.raises(ValueError, match=re.escape("'10.0.0.1' is not a loopback address")):
        get(("10.0.0.1", 80), "/")


def test_serving_always_shuts_the_server_down() -> None:
    running = start_server()
    with pytest.raises(CheckFailed, match="inside the block"), serving(running):
        raise CheckFailed("inside the block")
    assert running.socket.fileno() == -1  # server_close() ran
    with fails("connection refused"):
        get(running.server_address, "/ping", timeout=1)


def test_serving_fails_on_a_server_that_never_served() -> None:
    idle = http.server.HTTPServer(("127.0.0.1", 0), JsonHandler)  # serve_forever never called
    started = time.monotonic()
    with (
        fails("the server: shutdown() did not return within 0.2 s (is serve_forever running"),
        serving(idle, timeout=0.2),
    ):
        pass
    assert time.monotonic() - started < 2


def test_serving_rejects_what_is_not_a_server() -> None:
    with (
        fails("my server: expected an object with server_address (host, port), got None"),
        serving(object(), "my server"),
    ):
        pass

    class Elsewhere:
        server_address = ("192.168.1.4", 8080)

        def shutdown(self) -> None:
            pass

    with fails("listens on '192.168.1.4'; serve on 127.0.0.1 only"), serving(Elsewhere()):
        pass

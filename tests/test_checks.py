"""The shared checks library `grader.checks`, in-process: every helper's success and its failure message."""

from __future__ import annotations

import copy
import csv
import gzip
import http.server
import io
import json
import pickle
import random
import re
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.utils.prune
from PIL import Image

from grader.checks import (
    CheckFailed,
    CountTorchCalls,
    ForbiddenCall,
    OnFakeGPU,
    ScriptedClock,
    SimulationLimit,
    assert_close,
    assert_dtype,
    assert_equal,
    assert_finite,
    assert_gradcheck,
    assert_grads_match,
    assert_shape,
    assert_tensor,
    assert_trains,
    assert_type,
    assert_unchanged,
    call,
    call_pure,
    count_torch_calls,
    describe,
    describe_call,
    dtype_str,
    expect,
    expect_raises,
    forbidden,
    free_port,
    generator,
    get,
    idx_bytes,
    input_gradients,
    likely_cause,
    load_same_weights,
    on_fake_gpu,
    plain,
    post,
    randn,
    request,
    scramble_global_rng,
    serving,
    simulate_devices,
    weighted_sum,
    write_cifar_batch,
    write_coco,
    write_csv,
    write_idx,
    write_memmap,
    write_png,
)
from grader.checks.fake_cuda import _REAL_CUDA
from grader.engine.explain import explain, locate
from grader.engine.plugin import load_module


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
    names = pickle.loads(flat.read_bytes(), encoding="bytes")[b"filenames"]
    assert names == [b"image_00000.png", b"image_00001.png", b"image_00002.png"]
    as_python2_wrote_it = pickle.loads(raw, encoding="latin1")  # the tutorials' way: str keys, as with the real files
    assert as_python2_wrote_it["labels"] == [7, 0, 9] and np.array_equal(as_python2_wrote_it["data"], data)


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


# --- compare ---------------------------------------------------------------------------------------------


def test_assert_close_passes_within_tolerance() -> None:
    x = randn(3, 4, seed=1)
    assert_close(x + 1e-6, x)
    assert_close(x.numpy(), x.numpy().copy())
    assert_close({"a": [x, 2.0], "b": (3,)}, {"a": [x.clone(), 2.0], "b": (3,)})
    assert_close(torch.tensor(2.5), 2.5)
    assert_close(float("inf"), float("inf"))
    assert_close(torch.tensor([1.0, float("inf")]), torch.tensor([1.0, float("inf")]))


@pytest.mark.parametrize(
    ("actual", "expected", "message"),
    [
        (torch.zeros(4, 1, 10), torch.zeros(4, 10), "out shape: expected (4, 10), got (4, 1, 10)"),
        (torch.zeros(3).double(), torch.zeros(3), "out dtype: expected float32, got float64"),
        ([torch.zeros(3)], torch.zeros(3), "out: expected a torch.Tensor, got a list"),
        (torch.zeros(3), np.zeros(3), "out: expected a numpy.ndarray, got a Tensor of shape (3,), float32"),
        (
            torch.tensor([[0.0, 0.1], [0.2, 0.3]]),
            torch.tensor([[0.0, 0.1], [0.2, 0.35]]),
            "out differs: greatest absolute difference 5.00e-02 at [1, 1] (expected 0.35, got 0.3); 1 of 4",
        ),
        (
            torch.tensor([1, 2, 3, 4, 5, 6]),
            torch.tensor([1, 2, 0, 4, 0, 6]),
            "out differs: 2 of 6 elements are wrong; first at [2] (expected 0, got 3)",
        ),
        ({"a": 1}, {"a": 1, "b": 2}, "out keys: expected ['a', 'b'], got ['a']"),
        ({"a": [1.0, 2.0]}, {"a": [1.0, 2.5]}, "out['a'][1]: expected 2.5, got 2"),
        ((1, 2), (1, 2, 3), "out: expected 3 items, got 2"),
        (3.0, float("nan"), "out: expected nan, got 3"),
        (float("nan"), 3.0, "out: expected 3, got nan"),
        (float("inf"), 1e308, "out: expected 1e+308, got inf"),
        ("text", 1.0, "out: expected a number, got a str"),
        ("cuda", "cpu", "out: expected 'cpu', got 'cuda'"),
    ],
)
def test_assert_close_failure_messages(actual, expected, message) -> None:
    with fails(message):
        assert_close(actual, expected, what="out")


def test_assert_close_compares_nan_and_inf_strictly() -> None:
    nan = torch.tensor([1.0, float("nan"), 3.0])
    with fails("output differs: got nan at [1] where 2 was expected (1 of 3 elements outside"):
        assert_close(nan, torch.tensor([1.0, 2.0, 3.0]))
    with fails("output differs: got nan at [1] where nan was expected"):
        assert_close(nan, nan.clone())
    assert_close(nan, nan.clone(), equal_nan=True)
    with fails("output differs: got 2 at [1] where nan was expected"):
        assert_close(torch.tensor([1.0, 2.0, 3.0]), nan)
    with fails("output differs: greatest absolute difference inf at [0] (expected inf, got 1)"):
        assert_close(torch.tensor([1.0]), torch.tensor([float("inf")]))
    with fails("output differs"):
        assert_close(torch.tensor([float("-inf")]), torch.tensor([float("inf")]))


def test_assert_close_names_a_likely_cause_only_when_it_matches() -> None:
    x = randn(50, seed=2)
    biased, unbiased = x.var(unbiased=False), x.var()
    calls = []

    def wrong() -> torch.Tensor:
        calls.append(1)
        return biased

    causes = {"you returned the mean": lambda: x.mean(), "you used the biased variance": wrong}
    with fails("differs: greatest absolute difference") as raised:
        assert_close(biased, unbiased, causes=causes)
    assert str(raised.value).endswith("; likely cause: you used the biased variance")
    with pytest.raises(CheckFailed) as raised:
        assert_close(x.std(), unbiased, causes=causes)
    assert "likely cause" not in str(raised.value)
    assert_close(unbiased, unbiased, causes={"never computed": lambda: 1 / 0})  # passing: no variant is run
    assert len(calls) == 2
    assert likely_cause(biased, {"raises": lambda: 1 / 0, "the value": biased.clone()}) == "the value"
    assert likely_cause(biased.double(), {"float32": biased}) is None
    assert likely_cause(biased.double(), {"float32": biased}, check_dtype=False) == "float32"


def test_shape_dtype_type_and_tensor_checks() -> None:
    x = torch.zeros(2, 3)
    assert_shape(x, (2, 3))
    assert_shape(np.zeros(5), (5,))
    assert_dtype(x, torch.float32)
    assert_dtype(np.zeros(2, np.int32), np.dtype(np.int32))
    assert_type(x, torch.Tensor)
    assert_type(3, (int, float))
    assert assert_tensor(x) is x
    expect(True, "never shown")
    assert_equal([1, 2], [1, 2])
    with fails("y shape: expected (3,), got (2, 3)"):
        assert_shape(x, (3,), "y")
    with fails("y: expected a tensor of shape (2, 3), got a list"):
        assert_shape([[0.0] * 3] * 2, (2, 3), "y")
    with fails("y dtype: expected int64, got float32"):
        assert_dtype(x, torch.int64, "y")
    with fails("y dtype: expected float64, got int32"):
        assert_dtype(np.zeros(2, np.int32), np.dtype(np.float64), "y")
    with fails("y: expected int or float, got a str"):
        assert_type("3", (int, float), "y")
    with fails("y: expected torch.device, got an int"):
        assert_type(0, torch.device, "y")
    with fails("y: expected a torch.Tensor, got a numpy.ndarray of shape (2,), float64"):
        assert_tensor(np.zeros(2), "y")
    with fails("the message"):
        expect(0, "the message")
    with fails("output: expected 2 items, got 3"):
        assert_equal([1, 2, 3], [1, 2])
    with fails("output differs: greatest absolute difference 5.00e-01 at [1] (expected 2.5, got 2)"):
        assert_equal(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.5]))


def test_describe_words_values() -> None:
    assert describe(torch.zeros(2, 3, dtype=torch.float16)) == "a Tensor of shape (2, 3), float16"
    assert describe(np.zeros(3, np.int64)) == "a numpy.ndarray of shape (3,), int64"
    assert describe(None) == "None"
    assert describe(3) == "an int"
    assert describe(torch.device("cpu")) == "a torch.device"
    assert dtype_str(torch.bfloat16) == "bfloat16"


def test_assert_finite_names_the_first_non_finite_element() -> None:
    assert_finite(randn(3, 4, seed=3))
    assert_finite(np.arange(5))  # integers are always finite
    assert_finite([1.0, (2, np.float32(3))])
    grad = torch.zeros(3, 4)
    grad[1, 2], grad[2, 0] = float("nan"), float("inf")
    with fails("gradient of a: expected finite values, got nan at [1, 2] (2 of 12 elements are not finite)"):
        assert_finite(grad, "gradient of a")
    with fails("x: expected finite values, got -inf at [1] (1 of 2 elements are not finite)"):
        assert_finite(np.array([1.0, -np.inf]), "x")
    logits = torch.tensor([[3.0, -100.0], [100.0, 0.0]])
    with fails("loss: expected finite values, got nan at logit 100 (1 of 4 elements are not finite)"):
        assert_finite(grad.reshape(-1)[4:8].reshape(2, 2), "loss", at=lambda i: f"at logit {logits.reshape(-1)[i]:g}")
    with fails("x: expected finite values, got nan (1 of 1 elements"):
        assert_finite(torch.tensor(float("nan")), "x")
    with fails("loss: expected a finite number, got inf"):
        assert_finite(float("inf"), "loss")
    with fails("stats['std'][1]: expected a finite number, got nan"):
        assert_finite({"mean": 0.0, "std": [1.0, float("nan")]}, "stats")
    with fails("x: expected a tensor, array or number, got a str"):
        assert_finite("1.0", "x")


# --- calls -----------------------------------------------------------------------------------------------


def pairwise_distance(a: torch.Tensor, b: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    return (a[:, None] - b[None]).norm(dim=-1)


def test_describe_call_names_arguments() -> None:
    a, b = randn(5, 3, seed=4), randn(4, 3, seed=5)
    expected = "pairwise_distance(a of shape (5, 3), b of shape (4, 3))"
    assert describe_call(pairwise_distance, a, b) == expected
    assert describe_call("pairwise_distance", a=a, b=b) == expected
    assert describe_call("f", a, 3) == "f(tensor of shape (5, 3), 3)"
    assert (
        describe_call(pairwise_distance, a.double().T, b.long(), eps=0.5)
        == "pairwise_distance(a of shape (3, 5) float64 non-contiguous, b of shape (4, 3) int64, eps=0.5)"
    )
    assert describe_call("g", np.zeros(2, np.int64), x=np.zeros(3, np.float32)) == (
        "g(array of shape (2,) int64, x of shape (3,) array)"
    )
    assert describe_call("h", prefer="cuda", items=[a, "label", 7], d={"w": b}, flag=None) == (
        "h(prefer='cuda', items=[tensor of shape (5, 3), 'label', 7], d={'w': tensor of shape (4, 3)}, flag=None)"
    )
    assert (
        describe_call("k", [a] * 5, "x" * 200, object())
        == "k(a list of 5 items, 'xxxxxxxxxxxx...xxxxxxxxxxxxx', an object)"
    )
    assert describe_call(torch.nn.Linear(2, 3), a) == "Linear(input of shape (5, 3))"
    assert describe_call(lambda x, *rest, **kw: x, a, 1, k=2) == "<lambda>(x of shape (5, 3), 1, k=2)"
    assert (
        describe_call(pairwise_distance, a, b, c=1)
        == "pairwise_distance(tensor of shape (5, 3), tensor of shape (4, 3), c=1)"
    )


def raises(error: BaseException):
    def fn(a: torch.Tensor, b: torch.Tensor) -> None:
        raise error

    return fn


def test_call_names_the_call_and_keeps_the_cause() -> None:
    a, b = randn(5, 3, seed=6), randn(4, 3, seed=7)
    assert call(pairwise_distance, a, b).shape == (5, 4)
    error = ValueError("shapes differ")
    with fails("fn(a of shape (5, 3), b of shape (4, 3)) raised ValueError: shapes differ") as raised:
        call(raises(error), a, b)
    assert raised.value.__cause__ is error
    with fails("pairwise_distance(a of shape (5, 3), b of shape (4, 3)) raised KeyError") as raised:
        call(raises(KeyError()), a, b, what="pairwise_distance(a of shape (5, 3), b of shape (4, 3))")
    assert str(raised.value).endswith("raised KeyError")


@pytest.mark.parametrize(
    "error", [NotImplementedError("stub"), MemoryError(), CheckFailed("a check"), SimulationLimit("no GPU")]
)
def test_call_lets_what_the_engine_words_itself_through(error) -> None:
    for helper in (call, call_pure):
        with pytest.raises(type(error)) as raised:
            helper(raises(error), randn(2, seed=8), randn(2, seed=9))
        assert raised.value is error
    with pytest.raises(ForbiddenCall):
        call(raises(ForbiddenCall("forbidden call: torch.cdist")), 1, 2)


def test_the_engine_still_finds_the_learners_line(tmp_path: Path) -> None:
    source = tmp_path / "attempt.py"
    source.write_text("def pairwise_distance(a, b):\n    return a @ b  # wrong shapes\n")
    module = load_module(str(source), "checks_attempt", keep=False)
    with pytest.raises(CheckFailed) as raised:
        call_pure(module.pairwise_distance, randn(5, 3, seed=10), randn(4, 3, seed=11))
    assert str(raised.value).startswith("pairwise_distance(a of shape (5, 3), b of shape (4, 3)) raised RuntimeError:")
    location = locate(raised.value, str(source), "candidate.py")
    assert location is not None and (location.file, location.line, location.function) == (
        "candidate.py",
        2,
        "pairwise_distance",
    )
    message, flags = explain(raised.value, location, 4096)
    assert message == str(raised.value) and flags == []


def test_call_pure_fails_when_an_input_changed() -> None:
    def scales_in_place(a: torch.Tensor, factor: float) -> torch.Tensor:
        return a.mul_(factor)

    a = randn(3, 2, seed=12)
    with fails(
        "scales_in_place(a of shape (3, 2), factor=2.0): a after the call (inputs must not be modified) differs"
    ):
        call_pure(scales_in_place, a, 2.0)
    array = np.ones(3)
    with fails("fill: argument 1 after the call (inputs must not be modified) differs"):
        call_pure(lambda *arrays: arrays[0].fill(0.0), array, what="fill")
    x = randn(3, seed=13)
    assert call_pure(torch.sin, x) is not None


def test_expect_raises() -> None:
    def pick(prefer: str) -> str:
        if prefer == "tpu":
            raise ValueError("unknown device")
        if prefer == "gpu":
            raise KeyError(prefer)
        return prefer

    assert str(expect_raises(ValueError, pick, "tpu")) == "unknown device"
    with fails("pick(prefer='gpu'): expected ValueError, got KeyError: 'gpu'") as raised:
        expect_raises(ValueError, pick, "gpu")
    assert isinstance(raised.value.__cause__, KeyError)
    with fails("pick('cpu'): expected ValueError, got a result of a str"):
        expect_raises(ValueError, pick, "cpu", what="pick('cpu')")
    with fails("got a result of shape (2,)"):
        expect_raises(ValueError, torch.zeros, 2)
    with pytest.raises(NotImplementedError):
        expect_raises(ValueError, raises(NotImplementedError()), 1, 2)
    with fails("unpack(b'ab'): expected ValueError, got struct.error: unpack requires a buffer of 4 bytes"):
        expect_raises(ValueError, struct.unpack, ">I", b"ab", what="unpack(b'ab')")


# --- grads -----------------------------------------------------------------------------------------------


def test_weighted_sum_weights_are_seeded_and_dtype_independent() -> None:
    x = randn(4, 5, seed=14, dtype=torch.float64).requires_grad_()
    (grad64,) = torch.autograd.grad(weighted_sum(x), [x])
    y = x.detach().float().requires_grad_()
    (grad32,) = torch.autograd.grad(weighted_sum(y), [y])
    assert torch.allclose(grad64.float(), grad32)  # the same weights, cast
    assert torch.equal(grad64, torch.randn(4, 5, generator=generator(1234), dtype=torch.float64))
    (other,) = torch.autograd.grad(weighted_sum(x, seed=7), [x])
    assert not torch.allclose(other, grad64)
    out = weighted_sum((x, torch.arange(3), x * 2))
    assert out.dtype == torch.float64 and out.requires_grad
    (both,) = torch.autograd.grad(out, [x])
    w0 = torch.randn(4, 5, generator=generator(1234), dtype=torch.float64)
    w2 = torch.randn(4, 5, generator=generator(1236), dtype=torch.float64)
    assert torch.allclose(both, w0 + 2 * w2)


def test_assert_grads_match_passes_and_names_the_wrong_gradient() -> None:
    inputs = {"a": randn(5, 3, seed=15), "b": randn(4, 3, seed=16)}
    assert_grads_match(pairwise_distance, lambda a, b: torch.cdist(a, b), inputs)

    def wrong_b(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return pairwise_distance(a, b.detach() * 1.0 + (b - b.detach()) * 2)

    with fails("gradient of input b differs: greatest absolute difference"):
        assert_grads_match(wrong_b, pairwise_distance, inputs)
    with fails("gradient of input a: none flowed back (is it detached or unused?)"):
        assert_grads_match(lambda a, b: pairwise_distance(a.detach(), b), pairwise_distance, inputs)
    with fails("pairs is not connected to the inputs: no gradient flows back (detached?)"):
        assert_grads_match(lambda a, b: pairwise_distance(a, b).detach(), pairwise_distance, inputs, what="pairs")
    with fails("pairs[0]: expected a torch.Tensor, got a float"):
        assert_grads_match(lambda a, b: [1.0], pairwise_distance, inputs, what="pairs")


def test_assert_grads_match_reports_dtype_and_shape_before_gradients() -> None:
    inputs = {"a": randn(5, 3, seed=17), "b": randn(4, 3, seed=18)}
    with fails("pairs dtype: expected float32, got float64"):
        assert_grads_match(lambda a, b: pairwise_distance(a, b).double(), pairwise_distance, inputs, what="pairs")
    with fails("pairs shape: expected (5, 4), got (4, 5)"):
        assert_grads_match(lambda a, b: pairwise_distance(b, a), pairwise_distance, inputs, what="pairs")
    with fails("pairs: expected a tuple of 2, got a tuple of 1"):
        assert_grads_match(lambda a, b: (a,), lambda a, b: (a, b), inputs, what="pairs")
    with fails("pairs[1] dtype: expected float32, got float16"):
        assert_grads_match(lambda a, b: (a, b.half()), lambda a, b: (a, b), inputs, what="pairs")


def test_assert_grads_match_compares_parameters_by_name() -> None:
    torch.manual_seed(0)
    reference, attempt = torch.nn.Linear(3, 2), torch.nn.Linear(3, 2)
    attempt.load_state_dict(reference.state_dict())
    x = {"x": randn(6, 3, seed=19)}
    assert_grads_match(attempt, reference, x, attempt_module=attempt, reference_module=reference)
    with fails("gradient of bias: none flowed back"):
        assert_grads_match(
            lambda x: x @ attempt.weight.T, reference, x, attempt_module=attempt, reference_module=reference
        )
    other = torch.nn.Sequential(torch.nn.Linear(3, 2))
    other[0].load_state_dict(reference.state_dict())
    with fails("gradient of weight: the attempt has no such parameter"):
        assert_grads_match(other, reference, x, attempt_module=other, reference_module=reference)


def test_input_gradients() -> None:
    a, b = randn(5, 3, seed=20), randn(4, 3, seed=21)
    out, grads = input_gradients(pairwise_distance, {"a": a, "b": b})
    assert out.shape == (5, 4) and out.requires_grad and set(grads) == {"a", "b"}
    a_leaf = a.clone().requires_grad_()
    (expected,) = torch.autograd.grad(weighted_sum(pairwise_distance(a_leaf, b)), [a_leaf])
    assert torch.equal(grads["a"], expected)
    assert not a.requires_grad  # the caller's tensors are untouched
    _, only_b = input_gradients(pairwise_distance, {"a": a, "b": b}, wrt=["b"])
    assert set(only_b) == {"b"}
    with fails("pairs: no gradient flowed back to b (is it detached or unused?)"):
        input_gradients(lambda a, b: a * 2, {"a": a, "b": b}, what="pairs")
    with fails("pairs is not connected to the inputs"):
        input_gradients(lambda a, b: (a * 2).detach(), {"a": a, "b": b}, what="pairs")
    with fails("pairs[1]: expected a torch.Tensor, got an int"):
        input_gradients(lambda a, b: (a, 3), {"a": a, "b": b}, what="pairs")
    with fails("<lambda>(a of shape (5, 3), b of shape (4, 3)) raised RuntimeError"):
        input_gradients(lambda a, b: a @ b, {"a": a, "b": b})
    with pytest.raises(ValueError, match="index is not a floating-point tensor"):
        input_gradients(lambda a, index: a[index], {"a": a, "index": torch.tensor([0, 2])}, wrt=["index"])


class WrongSquare(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad: torch.Tensor) -> torch.Tensor:
        (x,) = ctx.saved_tensors
        return grad * x  # should be 2 * x


def test_assert_gradcheck() -> None:
    assert_gradcheck(torch.sin, randn(3, seed=22))
    with fails("gradcheck of square failed (float64 finite differences): Jacobian mismatch"):
        assert_gradcheck(WrongSquare.apply, randn(3, seed=23), what="square")


# --- modules ---------------------------------------------------------------------------------------------


def test_load_same_weights() -> None:
    torch.manual_seed(1)
    reference, attempt = torch.nn.Linear(3, 2), torch.nn.Linear(3, 2)
    load_same_weights(reference, attempt)
    assert torch.equal(reference.weight, attempt.weight)
    with fails("state_dict names differ from the spec: missing weight, bias; unexpected 0.weight, 0.bias"):
        load_same_weights(reference, torch.nn.Sequential(torch.nn.Linear(3, 2)))
    with fails("weight shape: expected (2, 3), got (3, 3)"):
        load_same_weights(reference, torch.nn.Linear(3, 3))


def test_assert_trains() -> None:
    torch.manual_seed(2)
    x = randn(64, 3, seed=24)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5]])
    mse = torch.nn.functional.mse_loss
    loss = assert_trains(torch.nn.Linear(3, 1), lambda step: (x, y), mse, max_loss=1e-3, steps=100, lr=0.1)
    assert loss <= 1e-3
    with fails("regressor did not train: loss"):
        assert_trains(
            torch.nn.Linear(3, 1),
            lambda s: (x, y),
            torch.nn.functional.mse_loss,
            max_loss=1e-3,
            steps=2,
            what="regressor",
        )
    with fails("did not train: the loss became nan at step 0"):
        assert_trains(torch.nn.Linear(3, 1), lambda s: (x, y * float("nan")), torch.nn.functional.mse_loss, max_loss=1)
    frozen = torch.nn.Linear(3, 1).requires_grad_(False)
    with fails("model has no trainable parameters"):
        assert_trains(frozen, lambda s: (x, y), torch.nn.functional.mse_loss, max_loss=1)


def small_model() -> torch.nn.Module:
    torch.manual_seed(3)
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Dropout(0.1))


def test_assert_unchanged_passes_when_the_model_is_left_as_it_was() -> None:
    model = small_model()
    with assert_unchanged(model):
        model.eval()
        model(randn(5, 3, seed=25))
        model.train()
        handle = model[0].register_forward_hook(lambda *args: None)
        handle.remove()
    with pytest.raises(ZeroDivisionError), assert_unchanged(model):
        model[0].weight.data.zero_()
        raise ZeroDivisionError  # the body's error is the one reported


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda m: m[0].weight.data.__setitem__((1, 2), 5.0),
            "the model: parameter 0.weight changed (greatest absolute",
        ),
        (lambda m: m(randn(5, 3, seed=26)), "the model: buffer 1.running_mean changed (greatest absolute difference"),
        (
            lambda m: m[1].num_batches_tracked.add_(1),
            "the model: buffer 1.num_batches_tracked changed (1 of 1 elements)",
        ),
        (lambda m: m.eval(), "the model: the model was in train mode and is left in eval mode: restore its mode"),
        (lambda m: m[2].eval(), "the model: 2 (Dropout) was in train mode and is left in eval mode"),
        (lambda m: m[0].requires_grad_(False), "the model: parameter 0.weight had requires_grad=True, now False"),
        (lambda m: m.double(), "parameter 0.weight changed from shape (4, 3) float32 to shape (4, 3) float64"),
        (lambda m: m[0].register_forward_pre_hook(lambda *a: None), "the model: 0 (Linear) has hooks left registered"),
        (
            lambda m: torch.nn.utils.prune.l1_unstructured(m[0], "weight", 0.5),
            "the model: its parameters changed names (missing 0.weight; new 0.weight_orig)",
        ),
    ],
)
def test_assert_unchanged_names_the_first_change(change, message) -> None:
    model = small_model()
    with fails(message), assert_unchanged(model):
        change(model)


def test_assert_unchanged_reports_the_index_of_the_largest_change() -> None:
    model = small_model()
    message = "caller's model: parameter 0.weight changed (greatest absolute difference 5.00e+00 at [1, 2])"
    with fails(message), assert_unchanged(model, "caller's model"):
        model[0].weight.data[1, 2] += 5.0
        model[0].weight.data[0, 0] += 1.0


# --- rng -------------------------------------------------------------------------------------------------


def test_randn_and_generator_ignore_the_global_rng() -> None:
    torch.manual_seed(0)
    first = randn(3, 4, seed=5)
    scramble_global_rng()
    assert torch.equal(randn(3, 4, seed=5), first)
    assert not torch.equal(randn(3, 4, seed=0), first)
    assert randn(2, seed=1, dtype=torch.float64).dtype == torch.float64
    assert torch.equal(torch.rand(3, generator=generator(9)), torch.rand(3, generator=generator(9)))


def test_scramble_global_rng_changes_every_global_state() -> None:
    torch.manual_seed(0)
    np.random.seed(0)
    random.seed(0)
    before = (torch.rand(1).item(), np.random.rand(), random.random())
    scramble_global_rng()
    torch_after, numpy_after, random_after = torch.rand(1).item(), np.random.rand(), random.random()
    torch.manual_seed(0)
    np.random.seed(0)
    random.seed(0)
    assert (torch.rand(1).item(), np.random.rand(), random.random()) == before
    assert torch_after != before[0] and numpy_after != before[1] and random_after != before[2]


# --- counting --------------------------------------------------------------------------------------------


def test_count_torch_calls_sees_a_python_loop() -> None:
    def looped(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return torch.stack([(row - b).norm(dim=-1) for row in a])

    small = count_torch_calls(pairwise_distance, randn(3, 4, seed=27), randn(4, 4, seed=28))
    large = count_torch_calls(pairwise_distance, randn(150, 4, seed=29), b=randn(130, 4, seed=30))
    assert small == large > 0
    assert count_torch_calls(looped, randn(150, 4, seed=31), randn(130, 4, seed=32)) > 50 * small
    with CountTorchCalls() as counter:
        looped(randn(6, 2, seed=33), randn(3, 2, seed=34))
    assert counter.by_name["Tensor.norm"] == 6 and counter.calls == sum(counter.by_name.values())


# --- fake_cuda -------------------------------------------------------------------------------------------


def test_on_fake_gpu_reports_cuda_until_moved() -> None:
    x = on_fake_gpu(randn(3, 4, seed=35))
    assert (x.device, x.is_cuda, x.is_cpu, x.get_device()) == (torch.device("cuda", 0), True, False, 0)
    assert (x * 2 + 1).device.type == "cuda" and x.double().device.type == "cuda"
    assert x.to("cuda").device.type == "cuda" and x.cuda() is x
    assert x.to("cuda", torch.float64).dtype == torch.float64
    assert torch.zeros_like(x, device="cuda").device.type == "cuda"
    with pytest.raises(TypeError, match="can't convert cuda:0 device type tensor to numpy"):
        x.numpy()
    for moved in (x.cpu(), x.to("cpu"), x.to(torch.device("cpu"), non_blocking=True), x.new_zeros(2, device="cpu")):
        assert type(moved) is torch.Tensor and moved.device.type == "cpu"
    assert torch.equal(plain(x), randn(3, 4, seed=35)) and type(plain(x)) is torch.Tensor
    assert np.array_equal(x.cpu().numpy(), randn(3, 4, seed=35).numpy())


def test_on_fake_gpu_survives_copies_and_pickling() -> None:
    x = on_fake_gpu(randn(2, 3, seed=36))
    batch = {"x": x, "row": x[0], "n": 3}
    copied = copy.deepcopy(batch)
    assert type(copied["x"]) is OnFakeGPU and copied["x"].device.type == "cuda" and copied["n"] == 3
    assert copied["x"].untyped_storage().data_ptr() == copied["row"].untyped_storage().data_ptr()  # still shared
    assert copied["x"].untyped_storage().data_ptr() != x.untyped_storage().data_ptr()
    assert torch.equal(plain(copied["x"]), plain(x))
    assert copy.copy(x).device.type == "cuda" and pickle.loads(pickle.dumps(x)).device.type == "cuda"
    buffer = io.BytesIO()
    torch.save({"x": x}, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=True)["x"]
    assert loaded.device.type == "cuda" and torch.equal(plain(loaded), plain(x))


def test_on_fake_gpu_keeps_autograd() -> None:
    leaf = randn(3, seed=37).requires_grad_()
    x = on_fake_gpu(leaf)
    assert x.is_leaf and x.requires_grad
    (x * x).sum().backward()
    assert x.grad is not None and torch.allclose(plain(x.grad), 2 * plain(x.detach()))
    assert copy.deepcopy(x).requires_grad
    with pytest.raises(RuntimeError, match="graph leaves"):
        copy.deepcopy(x * 2)


def test_simulate_devices_patches_every_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    simulate_devices(monkeypatch, cuda=True, mps=False)
    assert torch.cuda.is_available() and torch.cuda.device_count() == 1
    assert not torch.backends.mps.is_available() and not torch.backends.mps.is_built() and torch.mps.device_count() == 0
    assert torch.accelerator.is_available() and torch.accelerator.current_accelerator() == torch.device("cuda")
    simulate_devices(monkeypatch, cuda=False, mps=True)
    assert not torch.cuda.is_available() and torch.cuda.device_count() == 0 and torch.backends.mps.is_available()
    assert torch.accelerator.current_accelerator() == torch.device("mps")
    simulate_devices(monkeypatch, cuda=False, mps=False)
    assert not torch.accelerator.is_available() and torch.accelerator.current_accelerator() is None
    monkeypatch.undo()
    assert torch.cuda.is_available() == _REAL_CUDA


@pytest.mark.skipif(torch.cuda.is_available(), reason="a real GPU answers for real")
def test_simulated_cuda_says_when_it_cannot_run_a_call(monkeypatch: pytest.MonkeyPatch) -> None:
    simulate_devices(monkeypatch, cuda=True, mps=False)
    assert torch.cuda.current_device() == 0 and torch.cuda.get_device_name() == "simulated GPU"
    message = "your code used the CUDA runtime (a tensor created on cuda, or torch.cuda state queried), but this"
    for use in (lambda: torch.zeros(2, device="cuda"), lambda: randn(2, seed=38).cuda(), torch.cuda.synchronize):
        with pytest.raises(SimulationLimit, match=re.escape(message)) as raised:
            use()
        assert "a limit of the simulation, not an error in your code" in str(raised.value)
    monkeypatch.undo()
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.zeros(2, device="cuda")


# --- clock -----------------------------------------------------------------------------------------------


def test_scripted_clock_returns_the_script_then_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    real = time.perf_counter
    clock = ScriptedClock([1.0, 1.5, 4.0]).install(monkeypatch)
    assert [time.perf_counter() for _ in range(3)] == [1.0, 1.5, 4.0]
    assert clock.calls == 3 and clock.readings == [1.0, 1.5, 4.0]
    with fails("the scripted clock ran out: time.perf_counter() was read more than 3 times"):
        time.perf_counter()
    monkeypatch.undo()
    assert time.perf_counter is real


def test_scripted_clock_steps_and_advances(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = ScriptedClock(start=10.0, step=0.5).install(monkeypatch, "perf_counter", "time", "monotonic_ns")
    assert time.perf_counter() == 10.0
    clock.advance(2.0)
    assert time.time() == 12.5
    assert time.monotonic_ns() == 13_000_000_000
    assert clock.calls == 3
    with pytest.raises(ValueError, match="unknown clock 'sleep'"):
        clock.install(monkeypatch, "sleep")
    with pytest.raises(ValueError, match="advance\\(\\) is for a clock without scripted times"):
        ScriptedClock([0.0]).advance(1.0)


def test_scripted_clock_times_a_function_with_scripted_durations(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = ScriptedClock().install(monkeypatch)
    durations = iter([0.002, 0.005, 0.001])

    def work() -> None:
        clock.advance(next(durations))

    def measure() -> list[float]:  # what an attempt would write
        times = []
        for _ in range(3):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        return times

    assert measure() == pytest.approx([0.002, 0.005, 0.001])


def test_forbid_skips_kernels_an_older_torch_lacks_and_refuses_typos(monkeypatch) -> None:
    monkeypatch.setattr(forbidden, "registry", {})
    with pytest.raises(ValueError, match=re.escape("cannot find 'torch.no_such_kernel'")):
        forbidden.forbid("torch.eye", "torch.no_such_kernel")
    monkeypatch.setattr(forbidden, "_torch_version", lambda: (2, 1))
    forbidden.forbid("torch.no_such_kernel", "F.gelu")
    assert sorted(forbidden.registry) == ["F.gelu", "torch.eye"]

"""Bootstrap that runs inside a Python worker: the emulator's stand-in for AWS's runtime client.

It is started as a script (``python -I python_worker.py IN_FD OUT_FD``) so it imports nothing
from the emulator, and it follows the behaviour of AWS's Python runtime interface client
(aws/aws-lambda-python-runtime-interface-client, ``awslambdaric/bootstrap.py``):

- the handler string is ``module.function`` where the module part may be ``dir/sub/module``
  or a dotted package; ``/`` becomes ``.`` before ``importlib.import_module``;
- import failures are ``Runtime.ImportModuleError`` "Unable to import module 'app': ...",
  a missing attribute is ``Runtime.HandlerNotFound`` "Handler 'x' missing on module 'app'";
  both are init errors, reported (with an empty ``requestId``) on every invoke;
- an exception raised by the handler becomes ``make_error``'s object, keys in the order
  errorMessage, errorType, requestId, stackTrace, and an ``[ERROR]`` log event;
- a return value that ``json`` cannot encode is ``Runtime.MarshalError``
  "Unable to marshal response: ...";
- the root logger gets the runtime's handler and format (level left at Python's default,
  WARNING, unless AWS_LAMBDA_LOG_LEVEL is set), ``print`` output is captured line by line.

Protocol with the parent (frames on two pipes, never stdin/stdout; the format is in
worker.py): each request arrives on IN_FD as a header ``{"id", "deadline_ms", "arn"}`` with
the event (JSON bytes) as its body; on OUT_FD the worker writes ``{"t": "log", "ts"}`` frames
(body: the message), one ``{"t": "ready"}`` after init and one ``{"t": "result", "ok"}`` per
request (body: the payload, the handler's JSON or its bytes as returned; ``max_rss_kb``: the
peak resident memory, for the REPORT line).
"""

from __future__ import annotations

import decimal
import importlib
import io
import json
import logging
import os
import resource
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

_NBSP = "\u00a0"  # the RIC indents stack traces in [ERROR] log events with NO-BREAK SPACE
_LOG_FORMAT = "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n"
_LOG_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"

Handler = Callable[[Any, Any], Any]
Header = dict[str, Any]
Frame = tuple[Header, bytes]

_PREFIX = struct.Struct(">II")  # (header length, body length) before every frame


class _Channel:
    """Writes frames to the parent; one lock keeps frames from different threads whole."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._lock = threading.Lock()
        self.request_id = ""

    def send(self, header: Header, body: bytes = b"") -> None:
        encoded = json.dumps(header).encode("utf-8")
        head = _PREFIX.pack(len(encoded), len(body)) + encoded
        with self._lock:
            # One system call for head and body where the pipe takes both: one wake-up.
            written = os.writev(self._fd, [head, body])
            if written < len(head):
                _write_all(self._fd, memoryview(head)[written:])
                written = len(head)
            _write_all(self._fd, memoryview(body)[written - len(head) :])

    def log(self, message: str) -> None:
        self.send(
            {"t": "log", "ts": int(time.time() * 1000)}, message.encode("utf-8", "surrogatepass")
        )


def _write_all(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view) :]


class _LineWriter(io.TextIOBase):
    """Replaces sys.stdout/sys.stderr: every complete line becomes one log event, as Lambda
    turns each line the function writes to stdout or stderr into a CloudWatch Logs event."""

    def __init__(self, channel: _Channel) -> None:
        super().__init__()
        self._channel = channel
        self._partial = ""
        self._lock = threading.Lock()

    @property
    def encoding(self) -> str:  # type: ignore[override]  # io.TextIOBase's is read-only
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        with self._lock:
            self._partial += text
            if "\n" in self._partial:
                *lines, self._partial = self._partial.split("\n")
                for line in lines:
                    self._channel.log(line)
        return len(text)

    def drain(self) -> None:
        """Send a trailing line without newline (called at the end of each invocation)."""
        with self._lock:
            if self._partial:
                self._channel.log(self._partial)
                self._partial = ""


class _LambdaLoggerHandler(logging.Handler):
    """One log event per record, like the RIC's handler writing to its telemetry log fd."""

    def __init__(self, channel: _Channel) -> None:
        super().__init__()
        self._channel = channel

    def emit(self, record: logging.LogRecord) -> None:
        message = self.format(record)
        self._channel.log(message[:-1] if message.endswith("\n") else message)


class _RequestIdFilter(logging.Filter):
    def __init__(self, channel: _Channel) -> None:
        super().__init__()
        self._channel = channel

    def filter(self, record: logging.LogRecord) -> bool:
        record.aws_request_id = self._channel.request_id
        return True


class CognitoIdentity:
    """``context.identity``: the RIC always builds one; fields are None without Cognito."""

    cognito_identity_id: str | None = None
    cognito_identity_pool_id: str | None = None


class LambdaContext:
    """The context object, with the RIC's ``LambdaContext`` attributes (``lambda_context.py``).

    ``memory_limit_in_mb`` is a str, read from AWS_LAMBDA_FUNCTION_MEMORY_SIZE as the RIC does.
    """

    def __init__(self, request_id: str, invoked_function_arn: str, deadline_ms: int) -> None:
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.client_context: Any = None
        self.identity = CognitoIdentity()
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, message: str) -> None:
        sys.stdout.write(str(message))

    def __repr__(self) -> str:
        return (
            f"LambdaContext([aws_request_id={self.aws_request_id},"
            f"function_name={self.function_name},function_version={self.function_version}])"
        )


class InitError(Exception):
    """A failure while loading the handler: reported on every invoke, like AWS."""

    def __init__(self, error_type: str, message: str, trace: list[str] | None = None) -> None:
        super().__init__(message)
        self.error = make_error(message, error_type, trace)


def make_error(
    message: str, error_type: str, stack_trace: list[str] | None, request_id: str | None = None
) -> dict[str, Any]:
    """The RIC's ``make_error``: the error object returned as the Invoke payload."""
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace or [],
    }


def _user_frames(tb: TracebackType | None) -> list[str]:
    frames = traceback.extract_tb(tb)
    this_file = os.path.abspath(__file__)
    user = [frame for frame in frames if os.path.abspath(frame.filename) != this_file]
    return traceback.format_list(user)


def error_from_exception(exc: BaseException, request_id: str | None) -> dict[str, Any]:
    return make_error(str(exc), type(exc).__name__, _user_frames(exc.__traceback__), request_id)


def log_error(channel: _Channel, error: dict[str, Any]) -> None:
    """The RIC's text-format ``log_error``: one ``[ERROR] Type: message`` event with the trace."""
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        description += (":" if error.get("errorType") else "") + " " + error["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in error.get("stackTrace") or []:
        for line in str(element).splitlines():
            stripped = line.lstrip(" ")
            lines.append(_NBSP * (len(line) - len(stripped)) + stripped)
    channel.log("\n".join(lines))


def load_handler(handler: str) -> Handler:
    """Resolve ``module.function`` as the RIC's ``_get_handler`` does."""
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as err:
        raise InitError("Runtime.MalformedHandlerName", f"Bad handler '{handler}': {err}") from err
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise InitError(
            "Runtime.BuiltInModuleConflict",
            f"Cannot use built-in module {module_name} as a handler module",
        )
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as err:
        raise InitError(
            "Runtime.ImportModuleError", f"Unable to import module '{module_name}': {err}"
        ) from err
    except SyntaxError as err:
        trace = [f'  File "{err.filename}" Line {err.lineno}\n    {err.text}']
        raise InitError(
            "Runtime.UserCodeSyntaxError",
            f"Syntax error in module '{module_name}': {err}",
            trace,
        ) from err
    try:
        found: Handler = getattr(module, function_name)
    except AttributeError as err:
        message = f"Handler '{function_name}' missing on module '{module_name}'"
        raise InitError("Runtime.HandlerNotFound", message) from err
    return found


def _json_default(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _result(ok: bool, payload: bytes) -> Frame:
    max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    return {"t": "result", "ok": ok, "max_rss_kb": max_rss_kb}, payload


def _failed(channel: _Channel, error: dict[str, Any]) -> Frame:
    log_error(channel, error)
    return _result(False, json.dumps(error).encode("utf-8"))


def _run(handler: Handler, request: Header, event_bytes: bytes, channel: _Channel) -> Frame:
    request_id = str(request["id"])
    try:
        event = json.loads(event_bytes.decode("utf-8", "replace"))
    except ValueError as err:
        return _failed(
            channel,
            make_error(
                f"Unable to unmarshal input: {err}", "Runtime.UnmarshalError", None, request_id
            ),
        )
    context = LambdaContext(request_id, str(request["arn"]), int(request["deadline_ms"]))
    try:
        response = handler(event, context)
    except Exception as err:  # the RIC reports any Exception from the handler as the result
        return _failed(channel, error_from_exception(err, request_id))
    if isinstance(response, bytes):
        return _result(True, response)
    try:
        payload = json.dumps(response, default=_json_default)
    except Exception as err:  # the RIC's marshal_response wraps every encoder failure
        return _failed(
            channel,
            make_error(
                f"Unable to marshal response: {err}", "Runtime.MarshalError", None, request_id
            ),
        )
    return _result(True, payload.encode("utf-8"))


def _read_frame(stream: io.BufferedReader) -> Frame | None:
    """The next request frame, or None when the parent closed the pipe."""
    prefix = stream.read(_PREFIX.size)
    if len(prefix) < _PREFIX.size:
        return None
    header_length, body_length = _PREFIX.unpack(prefix)
    header: Header = json.loads(stream.read(header_length))
    body = stream.read(body_length)
    if len(body) < body_length:
        return None
    return header, body


def _setup_logging(channel: _Channel) -> None:
    logging.Formatter.converter = time.gmtime
    handler = _LambdaLoggerHandler(channel)
    handler.setFormatter(logging.Formatter(_LOG_FORMAT, _LOG_DATE_FORMAT))
    handler.addFilter(_RequestIdFilter(channel))
    root = logging.getLogger()
    root.addHandler(handler)
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    if level in logging.getLevelNamesMapping():
        root.setLevel(level)


def _set_import_path(task_root: str, runtime_packages: str) -> None:
    """What a function can import, as on Lambda: its own package, the packages the Python
    runtime ships (boto3 and its dependencies), and the standard library. Nothing else of
    the host's site-packages, so a dependency missing from the zip fails here as on AWS."""
    stdlib = [p for p in sys.path if "site-packages" not in p and "dist-packages" not in p]
    sys.path[:] = [task_root, *([runtime_packages] if runtime_packages else []), *stdlib]


def main(argv: list[str]) -> None:
    in_fd, out_fd = int(argv[1]), int(argv[2])
    channel = _Channel(out_fd)
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    _set_import_path(task_root, os.environ.get("EMULATOR_RUNTIME_PACKAGES", ""))
    stdout, stderr = _LineWriter(channel), _LineWriter(channel)
    sys.stdout, sys.stderr = stdout, stderr
    _setup_logging(channel)

    handler: Handler | None = None
    init_error: dict[str, Any] | None = None
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except InitError as err:
        init_error = err.error
    except Exception as err:  # an exception at module import time is an init error too
        init_error = error_from_exception(err, None)
    stdout.drain()
    stderr.drain()
    channel.send({"t": "ready"})

    requests = os.fdopen(in_fd, "rb")
    try:
        while (frame := _read_frame(requests)) is not None:
            request, event_bytes = frame
            channel.request_id = str(request["id"])
            if handler is None:
                assert init_error is not None
                result = _failed(channel, init_error)
            else:
                result = _run(handler, request, event_bytes, channel)
            stdout.drain()
            stderr.drain()
            channel.send(*result)
    finally:
        stdout.drain()
        stderr.drain()


if __name__ == "__main__":
    main(sys.argv)

"""Log capture: what a function writes, framed by Lambda's START/END/REPORT lines."""

from __future__ import annotations

import re

from emulator.awslambda.runtime import LambdaRuntime

from .conftest import SinkCalls, SpecFactory

PRINTING = """
import logging, sys
print("loading")
def handler(event, context):
    print("hello", event["name"])
    print("to stderr", file=sys.stderr)
    logging.info("not shown: the root logger stays at WARNING")
    logging.warning("careful %s", event["name"])
    return "ok"
"""

REPORT = (
    r"REPORT RequestId: r1\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms"
    r"\tMemory Size: 128 MB\tMax Memory Used: \d+ MB"
)


def test_printed_lines_are_framed_by_start_end_and_report(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": PRINTING})

    lines = runtime.invoke(spec, b'{"name": "alice"}', request_id="r1").log_lines

    assert lines[1:4] == ("START RequestId: r1 Version: $LATEST", "hello alice", "to stderr")
    assert lines[-2] == "END RequestId: r1"


def test_init_output_comes_before_start(runtime: LambdaRuntime, make_spec: SpecFactory) -> None:
    spec = make_spec({"app.py": PRINTING})

    lines = runtime.invoke(spec, b'{"name": "alice"}', request_id="r1").log_lines

    assert lines[0] == "loading"


def test_cold_start_report_has_init_duration(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": PRINTING})

    report = runtime.invoke(spec, b'{"name": "a"}', request_id="r1").log_lines[-1]

    assert re.fullmatch(REPORT + r"\tInit Duration: \d+\.\d\d ms", report)


def test_warm_start_report_has_no_init_duration(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": PRINTING})
    runtime.invoke(spec, b'{"name": "a"}')

    report = runtime.invoke(spec, b'{"name": "a"}', request_id="r1").log_lines[-1]

    assert re.fullmatch(REPORT, report)


def test_logging_warning_uses_the_lambda_python_format(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": PRINTING})

    lines = runtime.invoke(spec, b'{"name": "bob"}', request_id="r1").log_lines

    assert re.fullmatch(
        r"\[WARNING\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tr1\tcareful bob", lines[4]
    )
    assert len(lines) == 7  # loading, START, 2 prints, the warning, END, REPORT


def test_raised_error_is_logged_as_an_error_event(
    runtime: LambdaRuntime, make_spec: SpecFactory
) -> None:
    spec = make_spec({"app.py": "def handler(event, context):\n    raise KeyError('id')\n"})

    lines = runtime.invoke(spec, b"{}").log_lines

    assert lines[1].startswith("[ERROR] KeyError: 'id'\nTraceback (most recent call last):\n")


def test_log_sink_gets_group_stream_and_timestamped_lines(
    runtime: LambdaRuntime, make_spec: SpecFactory, sink_calls: SinkCalls
) -> None:
    spec = make_spec({"app.py": PRINTING})

    result = runtime.invoke(spec, b'{"name": "alice"}')

    ((group, stream, events),) = sink_calls
    assert (group, tuple(line for _, line in events)) == (
        "/aws/lambda/alice-users",
        result.log_lines,
    )
    assert re.fullmatch(r"\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}", stream)
    assert all(ts > 1_600_000_000_000 for ts, _ in events)


def test_one_log_stream_per_worker(
    runtime: LambdaRuntime, make_spec: SpecFactory, sink_calls: SinkCalls
) -> None:
    spec = make_spec({"app.py": PRINTING})
    runtime.invoke(spec, b'{"name": "a"}')
    runtime.invoke(spec, b'{"name": "b"}')

    assert sink_calls[0][1] == sink_calls[1][1]

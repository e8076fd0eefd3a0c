"""`python -m emulator [--host 127.0.0.1] [--port 4577] [--quiet]
[--consistency immediate|eventual] [--delay-scale F]`"""

from __future__ import annotations

import argparse
import os
import sys

from emulator.consistency import ENV_CONSISTENCY, ENV_DELAY_SCALE, Mode, Settings
from emulator.consistency.settings import parse_delay_scale, parse_mode
from emulator.server import DEFAULT_HOST, DEFAULT_PORT, serve


def _mode(text: str) -> Mode:
    try:
        return parse_mode(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def _scale(text: str) -> float:
    try:
        return parse_delay_scale(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m emulator",
        description="Local AWS backend for the workbook: moto's control plane, a Lambda "
        "runtime, and an API Gateway data plane with Cognito authorizers.",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help="address to bind (default %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help="port (default %(default)s; 0 picks a free one)",
    )
    parser.add_argument("--quiet", action="store_true", help="no request log")
    parser.add_argument(
        "--consistency",
        type=_mode,
        default=os.environ.get(ENV_CONSISTENCY) or Mode.IMMEDIATE.value,
        metavar="{immediate,eventual}",
        help="immediate: every change is visible at once (default); eventual: AWS's "
        "propagation delays and quotas, docs/aws-behaviour.md section 21 "
        f"(default from ${ENV_CONSISTENCY})",
    )
    parser.add_argument(
        "--delay-scale",
        type=_scale,
        default=os.environ.get(ENV_DELAY_SCALE) or "1.0",
        metavar="F",
        help="multiply every delay and quota window (1.0: AWS's own timing; "
        f"default from ${ENV_DELAY_SCALE}, else 1.0)",
    )
    args = parser.parse_args(argv)
    settings = Settings(args.consistency, args.delay_scale)
    return serve(args.host, args.port, quiet=args.quiet, settings=settings)


if __name__ == "__main__":
    sys.exit(main())

"""`python -m emulator [--host 127.0.0.1] [--port 4577] [--quiet]
[--consistency immediate|eventual] [--delay-scale F] [--credentials-file FILE]
[--url-file FILE] [--allow-origin ORIGIN ...] [--enforce-iam]`"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from emulator.consistency import ENV_CONSISTENCY, ENV_DELAY_SCALE, Mode, Settings
from emulator.consistency.settings import parse_delay_scale, parse_mode
from emulator.gate.paths import DEFAULT_CREDENTIALS_NAME, private_dir, state_dir
from emulator.server import DEFAULT_HOST, DEFAULT_PORT, serve

ENV_ALLOWED_ORIGINS = "WORKBOOK_EMULATOR_ALLOWED_ORIGINS"


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
    parser.add_argument(
        "--credentials-file",
        type=Path,
        metavar="FILE",
        help="where to write the credentials the emulator accepts (mode 0600, AWS "
        "shared-credentials format, profile 'emulator'; default: "
        f"${{WORKBOOK_STATE_DIR:-${{XDG_STATE_HOME:-~/.local/state}}/cognito-authorizer-workbook}}"
        f"/{DEFAULT_CREDENTIALS_NAME})",
    )
    parser.add_argument(
        "--url-file",
        type=Path,
        metavar="FILE",
        help='write {"url": ..., "pid": ...} here once listening (mode 0600)',
    )
    parser.add_argument(
        "--allow-origin",
        action="append",
        default=[o for o in os.environ.get(ENV_ALLOWED_ORIGINS, "").split(",") if o],
        metavar="ORIGIN",
        help="a web origin (e.g. http://localhost:8888) allowed to call the control plane; "
        f"repeatable (default: none, or the comma-separated ${ENV_ALLOWED_ORIGINS})",
    )
    parser.add_argument(
        "--enforce-iam",
        action="store_true",
        help="also accept the access keys of IAM users made in the emulator, and authorize "
        "each of their calls against their IAM policies (docs/aws-behaviour.md section 28); "
        "the emulator's own credentials stay all-powerful",
    )
    args = parser.parse_args(argv)
    settings = Settings(args.consistency, args.delay_scale)
    credentials_file = args.credentials_file
    if credentials_file is None:
        credentials_file = private_dir(state_dir()) / DEFAULT_CREDENTIALS_NAME
    return serve(
        args.host,
        args.port,
        quiet=args.quiet,
        settings=settings,
        credentials_file=credentials_file,
        url_file=args.url_file,
        allowed_origins=args.allow_origin,
        enforce_iam=args.enforce_iam,
    )


if __name__ == "__main__":
    sys.exit(main())

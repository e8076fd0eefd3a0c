"""`python -m emulator [--host 127.0.0.1] [--port 4577] [--quiet]`"""

from __future__ import annotations

import argparse
import sys

from emulator.server import DEFAULT_HOST, DEFAULT_PORT, serve


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
    args = parser.parse_args(argv)
    return serve(args.host, args.port, quiet=args.quiet)


if __name__ == "__main__":
    sys.exit(main())

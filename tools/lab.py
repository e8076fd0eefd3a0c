"""``make lab``: JupyterLab at the repository's root, on the learner's own copies of the notebooks.

    python -m tools.lab [--ip 127.0.0.1] [--port 8888] [--browser auto|0|1]

1. Seeds ``workspace/`` from ``notebooks/`` (tools/workspace.py: new notebooks are copied, the
   learner's copies never overwritten), so a run never changes the committed notebooks.
2. Starts ``jupyter lab`` with the repository's root as its root (``lambda_src/users/app.py``,
   which 01 points at, opens) and ``workspace/00_setup.ipynb`` as the page it opens.
   ``--port`` defaults to 8888, or a free port when 8888 is taken; a port asked for that is
   taken is an error. The browser opens only on a desktop (macOS, Windows, or ``DISPLAY``/
   ``WAYLAND_DISPLAY`` set) unless ``--browser`` (``LAB_BROWSER``) says otherwise.
3. Prints the URL, with its token, plainly on one line once the server answers. The token is
   made here (``secrets``) and handed to the server in ``JUPYTER_TOKEN``, never on its command
   line, where another user of the host could read it (``ps``).
4. Ctrl-C (or SIGTERM) stops the Lab, and then the learner's emulator (tools/stop_emulator.py).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import requests

from tools import workspace
from tools.stop_emulator import stop_emulator

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_IP = "127.0.0.1"
DEFAULT_PORT = 8888
START_DEADLINE_S = 90.0
STOP_DEADLINE_S = 15.0
LOG_LEVEL = "WARN"
"""Jupyter's start-up log is long; warnings and errors still show, and the URL comes last."""


class LabError(Exception):
    """Something the learner must fix before the Lab can start; the message says what."""


@dataclass(frozen=True)
class LabSettings:
    ip: str
    port: int
    open_browser: bool
    token: str
    root: Path = ROOT
    first_notebook: str = f"workspace/{workspace.FIRST_NOTEBOOK}"

    @property
    def path(self) -> str:
        return f"/lab/tree/{self.first_notebook}"

    @property
    def url(self) -> str:
        """What the learner opens: the first notebook, with the token."""
        host = self.ip
        if host in ("", "0.0.0.0", "::"):
            host = socket.gethostname()
        elif ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}{self.path}?token={self.token}"

    @property
    def probe_url(self) -> str:
        """Where start-up is checked from this machine."""
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0") else self.ip
        host = "[::1]" if host == "::" else f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/api/status"


def on_desktop(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    return platform in ("darwin", "win32") or bool(
        environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")
    )


def wants_browser(choice: str, environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """``1``/``0`` decide; ``auto`` (or empty) opens one only on a desktop."""
    if choice in ("1", "yes", "true"):
        return True
    if choice in ("0", "no", "false"):
        return False
    if choice in ("", "auto"):
        return on_desktop(environ, platform)
    raise LabError(f"LAB_BROWSER={choice!r}: use 1 (open a browser), 0 (do not) or auto.")


def port_is_free(ip: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((ip, port))
        except OSError:
            return False
    return True


def free_port(ip: str) -> int:
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((ip, 0))
        port: int = probe.getsockname()[1]
    return port


def choose_port(ip: str, asked: int | None) -> int:
    """The port asked for, which must be free; else 8888, or a free one when 8888 is taken."""
    if asked is not None:
        if not port_is_free(ip, asked):
            raise LabError(
                f"Port {asked} on {ip} is taken (another Lab?). Stop that program, or choose "
                f"another port: make lab LAB_PORT={asked + 1}"
            )
        return asked
    return DEFAULT_PORT if port_is_free(ip, DEFAULT_PORT) else free_port(ip)


def lab_command(settings: LabSettings, python: str = sys.executable) -> list[str]:
    """``jupyter lab``'s arguments; the token is not among them (see ``lab_environment``)."""
    command = [
        python,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={settings.root}",
        f"--ServerApp.ip={settings.ip}",
        f"--ServerApp.port={settings.port}",
        "--ServerApp.port_retries=0",
        f"--LabApp.default_url={settings.path}",
        f"--ServerApp.default_url={settings.path}",
        f"--ServerApp.log_level={LOG_LEVEL}",
    ]
    if not settings.open_browser:
        command.append("--no-browser")
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")  # containers and CI machines are often root
    return command


def lab_environment(settings: LabSettings, environ: Mapping[str, str]) -> dict[str, str]:
    return {**environ, "JUPYTER_TOKEN": settings.token}


def wait_until_serving(
    settings: LabSettings, process: subprocess.Popen[bytes], deadline_s: float
) -> None:
    headers = {"Authorization": f"token {settings.token}"}
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process.poll() is not None:
            raise LabError(
                f"JupyterLab exited with status {process.returncode} while starting; "
                "its messages are above."
            )
        try:
            if requests.get(settings.probe_url, headers=headers, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise LabError(f"JupyterLab did not answer at {settings.probe_url} in {deadline_s:.0f} s.")


class _Stop(Exception):
    """SIGTERM, turned into an exception so the Lab and the emulator are stopped in order."""


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def stop_lab(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM: the server shuts its kernels down and exits; SIGKILL if it has not in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_DEADLINE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run(settings: LabSettings, environ: Mapping[str, str]) -> int:
    seeded = workspace.seed(settings.root / "notebooks", settings.root / "workspace")
    for line in seeded.messages():
        print(line, flush=True)
    # Its own session: Ctrl-C reaches this process only, which then stops the server without
    # Jupyter's "Shutdown this Jupyter server (y/[n])?" question.
    process = subprocess.Popen(
        lab_command(settings),
        cwd=settings.root,
        env=lab_environment(settings, environ),
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    # Ctrl-C must stop the Lab even when this process was started with SIGINT ignored (as a
    # shell's background job is), where Python would not raise KeyboardInterrupt.
    previous_interrupt = signal.signal(signal.SIGINT, signal.default_int_handler)
    status = 0
    try:
        wait_until_serving(settings, process, START_DEADLINE_S)
        print(
            "\nJupyterLab is running. Open this URL (Ctrl-C here stops the Lab and your "
            f"emulator):\n{settings.url}",
            flush=True,
        )
        status = process.wait()
    except (KeyboardInterrupt, _Stop):
        print("\nStopping JupyterLab…", flush=True)
    except LabError as err:
        print(err, file=sys.stderr)
        status = 1
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_interrupt)
        stop_lab(process)
        print(stop_emulator().message, flush=True)
    return status


def parse_port(value: str) -> int | None:
    if value in ("", "auto"):
        return None
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise LabError(f"LAB_PORT={value!r} is not a port number (1-65535).")
    return int(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ip", default=DEFAULT_IP, help="the address to listen on (LAB_IP)")
    parser.add_argument("--port", default="", help="the port (LAB_PORT; default 8888 or free)")
    parser.add_argument("--browser", default="auto", help="1, 0 or auto (LAB_BROWSER)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)  # tests
    args = parser.parse_args(argv)
    try:
        ip = args.ip or DEFAULT_IP
        settings = LabSettings(
            ip=ip,
            port=choose_port(ip, parse_port(args.port)),
            open_browser=wants_browser(args.browser, os.environ),
            token=secrets.token_hex(24),
            root=args.root.resolve(),
        )
    except LabError as err:
        print(err, file=sys.stderr)
        return 2
    return run(settings, os.environ)


if __name__ == "__main__":
    sys.exit(main())

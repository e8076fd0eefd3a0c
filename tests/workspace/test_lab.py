"""tools/lab.py (`make lab`): the Lab at the repository's root on the learner's workspace, its
address from LAB_IP/LAB_PORT, the browser only on a desktop, the URL with its token printed on
one line, and Ctrl-C stopping the Lab and then the emulator."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest
import requests

from tools import lab

SETTINGS = lab.LabSettings(ip="127.0.0.1", port=8899, open_browser=False, token="t0ken")


def test_the_lab_is_rooted_at_the_repository_and_opens_the_workspaces_first_notebook() -> None:
    command = lab.lab_command(SETTINGS)
    assert f"--ServerApp.root_dir={lab.ROOT}" in command
    assert "--LabApp.default_url=/lab/tree/workspace/00_setup.ipynb" in command
    assert (lab.ROOT / "lambda_src" / "users" / "app.py").is_file()  # what 01 points at


def test_the_lab_listens_where_it_is_told_and_only_there() -> None:
    command = lab.lab_command(SETTINGS)
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "--ServerApp.port=8899" in command
    assert "--ServerApp.port_retries=0" in command  # the printed URL is the real one


def test_the_token_is_passed_in_the_environment_never_on_the_command_line() -> None:
    assert not any("t0ken" in argument for argument in lab.lab_command(SETTINGS))
    assert lab.lab_environment(SETTINGS, {"HOME": "/h"}) == {"HOME": "/h", "JUPYTER_TOKEN": "t0ken"}


def test_no_browser_is_asked_for_off_a_desktop() -> None:
    assert "--no-browser" in lab.lab_command(SETTINGS)
    opened = lab.LabSettings("127.0.0.1", 8899, open_browser=True, token="t")
    assert "--no-browser" not in lab.lab_command(opened)


@pytest.mark.parametrize(
    ("choice", "environ", "platform", "expected"),
    [
        ("auto", {}, "linux", False),
        ("auto", {"DISPLAY": ":0"}, "linux", True),
        ("auto", {"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ("auto", {}, "darwin", True),
        ("0", {"DISPLAY": ":0"}, "linux", False),
        ("1", {}, "linux", True),
    ],
)
def test_the_browser_opens_only_on_a_desktop_unless_lab_browser_says(
    choice: str, environ: dict[str, str], platform: str, expected: bool
) -> None:
    assert lab.wants_browser(choice, environ, platform) is expected


def test_an_unknown_lab_browser_value_is_refused() -> None:
    with pytest.raises(lab.LabError, match="LAB_BROWSER='maybe': use 1"):
        lab.wants_browser("maybe", {})


def test_the_url_is_the_first_notebook_with_its_token() -> None:
    assert SETTINGS.url == "http://127.0.0.1:8899/lab/tree/workspace/00_setup.ipynb?token=t0ken"


def test_the_url_of_a_lab_on_every_address_names_the_host() -> None:
    everywhere = lab.LabSettings("0.0.0.0", 8899, open_browser=False, token="t")
    assert everywhere.url.startswith(f"http://{socket.gethostname()}:8899/lab/tree/")
    assert everywhere.probe_url == "http://127.0.0.1:8899/api/status"


def test_a_port_asked_for_that_is_taken_is_an_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(lab.LabError, match=f"Port {port} on 127.0.0.1 is taken"):
            lab.choose_port("127.0.0.1", port)


def test_without_a_port_8888_is_used_or_a_free_one_when_it_is_taken() -> None:
    port = lab.choose_port("127.0.0.1", None)
    assert port == 8888 or (port != 8888 and not lab.port_is_free("127.0.0.1", 8888))


@pytest.mark.parametrize("value", ["http", "0", "70000"])
def test_a_lab_port_that_is_not_a_port_is_refused(value: str) -> None:
    with pytest.raises(lab.LabError, match="is not a port number"):
        lab.parse_port(value)


class Output:
    """The process's output, read line by line by a thread (``select`` on a buffered pipe
    misses lines already read into the buffer)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        stdout = process.stdout
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, args=(stdout,), daemon=True)
        self.reader.start()

    def _read(self, stdout: IO[str]) -> None:
        for line in stdout:
            self.lines.put(line)

    def until(self, pattern: re.Pattern[str], timeout: float) -> str:
        """Lines until one matches; all of them."""
        seen: list[str] = []
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            seen.append(line)
            if pattern.match(line.strip()):
                return "".join(seen)
        raise AssertionError(f"no line matched {pattern.pattern}; output:\n{''.join(seen)}")

    def rest(self, timeout: float) -> str:
        """Every line up to the end of the output."""
        self.reader.join(timeout)
        seen = []
        while not self.lines.empty():
            seen.append(self.lines.get())
        return "".join(seen)


def test_make_lab_serves_the_workspace_prints_its_url_and_ctrl_c_stops_it_all(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    (root / "notebooks").mkdir(parents=True)
    (root / "lambda_src" / "users").mkdir(parents=True)
    committed = (lab.ROOT / "notebooks" / "00_setup.ipynb").read_bytes()
    (root / "notebooks" / "00_setup.ipynb").write_bytes(committed)
    (root / "lambda_src" / "users" / "app.py").write_text("def handler(event, context): ...\n")
    port = lab.free_port("127.0.0.1")
    environment = {
        **os.environ,
        "WORKBOOK_STATE_DIR": str(tmp_path / "state"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "tools.lab", "--port", str(port), "--browser", "0"]
    process = subprocess.Popen(
        [*command, "--root", str(root)],
        cwd=lab.ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        url_line = re.compile(
            rf"^http://127\.0\.0\.1:{port}/lab/tree/workspace/00_setup\.ipynb\?token=[0-9a-f]{{48}}$"
        )
        output = Output(process)
        startup = output.until(url_line, timeout=lab.START_DEADLINE_S + 10)
        url = startup.strip().splitlines()[-1]
        token = url.split("token=")[1]
        headers = {"Authorization": f"token {token}"}
        api = f"http://127.0.0.1:{port}/api/contents"
        assert requests.get(url, timeout=10).status_code == 200
        notebook = requests.get(f"{api}/workspace/00_setup.ipynb", headers=headers, timeout=10)
        assert notebook.status_code == 200
        source = requests.get(f"{api}/lambda_src/users/app.py", headers=headers, timeout=10)
        assert source.status_code == 200  # 01's pointer opens: the Lab is at the root
        assert requests.get(f"{api}/lambda_src", timeout=10).status_code == 403  # no token
        process.send_signal(signal.SIGINT)  # Ctrl-C
        process.wait(timeout=30)
        after = output.rest(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert "Stopping JupyterLab…" in after
    assert f"No emulator to stop: connect() has recorded none in {tmp_path / 'state'}" in after
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/api/status", timeout=2)
    assert (root / "workspace" / "00_setup.ipynb").read_bytes() == committed

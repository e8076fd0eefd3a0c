"""How a worker is started: its command line and its environment variables.

The environment is built from scratch, like Lambda's (developer guide, "Defined runtime
environment variables"): the host's variables, and above all its AWS credentials, never
reach the function. The order is: Lambda's reserved variables, then the emulator's
``function_env`` (e.g. AWS_ENDPOINT_URL), then the function's own Environment.Variables.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .aws_shapes import log_group_name
from .sandbox import all_reachable_by_others
from .types import FunctionSpec

_HERE = Path(__file__).resolve().parent
PYTHON_WORKER = _HERE / "python_worker.py"
NODE_WORKER = _HERE / "node_worker.js"

# Obviously fake: a function must never see the host's real credentials.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "ASIAEMULATORFAKEKEY0",
    "AWS_SECRET_ACCESS_KEY": "emulator-fake-secret-access-key",
    "AWS_SESSION_TOKEN": "emulator-fake-session-token",
}


class UnsupportedRuntime(Exception):
    """The emulator cannot start this runtime; the message says why and what to do."""


# What Lambda's Python runtimes ship besides the standard library (developer guide,
# "Building Lambda functions with Python": the runtime includes the AWS SDK for Python).
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six")


@functools.cache
def runtime_packages_dir() -> str:
    """A folder of links to the host's copies of the packages Lambda's Python runtime ships."""
    folder = Path(tempfile.mkdtemp(prefix="emulator-python-runtime-"))
    folder.chmod(0o755)  # a sandboxed worker (its own uid) must read it
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for name in RUNTIME_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            continue
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (folder / source.name).symlink_to(source)
    return str(folder)


def sandbox_python() -> str | None:
    """A Python interpreter a sandboxed worker (another uid) can run: this one, when it and
    its standard library are readable by others (a pyenv under a 0700 /root is not), else
    the system's interpreter of the same version; None when there is none."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"]
    for candidate in candidates:
        if not os.path.exists(candidate):
            continue
        stdlib = Path(os.path.realpath(candidate)).parent.parent / "lib" / version
        needed = [candidate, str(stdlib / "os.py")] if stdlib.exists() else [candidate]
        if all_reachable_by_others([*needed, str(PYTHON_WORKER)]):
            return candidate
    return None


def launch_command(runtime: str, *, sandboxed: bool = False, node_options: str = "") -> list[str]:
    """The command that starts a worker for ``runtime`` (fd numbers are appended);
    ``sandboxed``: it must run under another uid (UnsupportedRuntime if it cannot);
    ``node_options``: the function's own ``NODE_OPTIONS`` (it may re-enable a feature Lambda
    disables, see ``lambda_node_flags``)."""
    if runtime.startswith("python3"):
        # -I: isolated mode, so the script's folder (which holds a module named "types") is
        # not put on sys.path and PYTHON* variables are ignored; the function's packages
        # come from LAMBDA_TASK_ROOT, which the worker puts first on sys.path.
        python = sandbox_python() if sandboxed else sys.executable
        if python is None:
            raise UnsupportedRuntime(
                f"The emulator cannot run runtime '{runtime}' sandboxed: no Python "
                f"{sys.version_info.major}.{sys.version_info.minor} interpreter readable by "
                "other users was found (the emulator runs as root and starts functions as "
                "unprivileged users). Install the system's python3 or run the emulator as "
                "an ordinary user."
            )
        return [python, "-I", str(PYTHON_WORKER)]
    if runtime.startswith("nodejs"):
        node = shutil.which("node")
        if node is None:
            raise UnsupportedRuntime(
                f"The emulator cannot run runtime '{runtime}': no 'node' executable was found "
                "on PATH. Install Node.js (version 18 or later) and restart the emulator, "
                "or deploy the function with a python3.x runtime."
            )
        worker = str(NODE_WORKER)
        if sandboxed:
            node = sandbox_node(node)
            if node is None:
                raise UnsupportedRuntime(
                    f"The emulator cannot run runtime '{runtime}' sandboxed: no 'node' "
                    "executable readable by other users was found (the emulator runs as root "
                    "and starts functions as unprivileged users). Install the system's nodejs "
                    "(/usr/bin/node) or run the emulator as an ordinary user."
                )
            worker = sandbox_node_worker()
        return [node, *lambda_node_flags(runtime, node, node_options), worker]
    raise UnsupportedRuntime(
        f"The emulator cannot run runtime '{runtime}': it runs python3.x and nodejs* "
        "functions only. Deploy the function with one of those runtimes."
    )


LAMBDA_DISABLED_NODE_FEATURES: tuple[tuple[str, str, frozenset[str]], ...] = (
    (
        "--no-experimental-require-module",
        "--experimental-require-module",
        frozenset({"nodejs20.x", "nodejs22.x"}),
    ),
    ("--no-experimental-detect-module", "--experimental-detect-module", frozenset({"nodejs22.x"})),
)
"""(flag Lambda applies, flag that re-enables it in NODE_OPTIONS, runtimes): the table
"Experimental features" of "Building Lambda functions with Node.js"
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html); docs/aws-behaviour.md 27.2."""


@functools.cache
def node_accepts(node: str) -> frozenset[str]:
    """The flags this ``node`` accepts (``process.allowedNodeEnvironmentFlags``): a flag it does
    not know would stop it from starting."""
    try:
        listed = subprocess.run(
            [node, "-p", "JSON.stringify([...process.allowedNodeEnvironmentFlags])"],
            capture_output=True,
            check=True,
            env={"PATH": os.environ.get("PATH", os.defpath)},
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    flags = json.loads(listed)
    return frozenset(str(flag) for flag in flags) if isinstance(flags, list) else frozenset()


def lambda_node_flags(runtime: str, node: str, node_options: str = "") -> list[str]:
    """The flags Lambda puts on ``node``'s command line for ``runtime``, without those the
    function re-enabled in its ``NODE_OPTIONS`` ("Lambda detects this override and removes the
    corresponding disable flag") and those this ``node`` does not know."""
    chosen = node_options.split()
    accepted = node_accepts(node)
    return [
        disable
        for disable, enable, runtimes in LAMBDA_DISABLED_NODE_FEATURES
        if runtime in runtimes and enable not in chosen and disable in accepted
    ]


def sandbox_node(node: str) -> str | None:
    """A ``node`` another uid can run: the one on PATH when it is readable by others (an nvm
    under a 0700 /root is not), else the system's; None when there is none."""
    for candidate in (node, "/usr/bin/node", "/usr/local/bin/node"):
        if os.path.exists(candidate) and all_reachable_by_others([candidate]):
            return candidate
    return None


@functools.cache
def sandbox_node_worker() -> str:
    """node_worker.js where a sandboxed worker can read it: in place when the repository is
    readable by others, else a copy in a 0755 temporary folder."""
    if all_reachable_by_others([str(NODE_WORKER)]):
        return str(NODE_WORKER)
    folder = Path(tempfile.mkdtemp(prefix="emulator-node-runtime-"))
    folder.chmod(0o755)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    copy = folder / NODE_WORKER.name
    shutil.copyfile(NODE_WORKER, copy)
    copy.chmod(0o644)
    return str(copy)


def worker_environment(
    spec: FunctionSpec,
    *,
    task_root: str,
    log_stream_name: str,
    function_env: Mapping[str, str],
) -> dict[str, str]:
    """The worker's complete environment (nothing is inherited from the host but PATH)."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "LAMBDA_TASK_ROOT": task_root,
        "LAMBDA_RUNTIME_DIR": str(_HERE),
        "_HANDLER": spec.handler,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}",
        "AWS_LAMBDA_FUNCTION_NAME": spec.function_name,
        "AWS_LAMBDA_FUNCTION_VERSION": spec.version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_size_mb),
        "AWS_LAMBDA_LOG_GROUP_NAME": log_group_name(spec.function_name),
        "AWS_LAMBDA_LOG_STREAM_NAME": log_stream_name,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_REGION": spec.region,
        "AWS_DEFAULT_REGION": spec.region,
        **FAKE_CREDENTIALS,
    }
    if spec.runtime.startswith("python3"):
        env["EMULATOR_RUNTIME_PACKAGES"] = runtime_packages_dir()
    if spec.runtime.startswith("nodejs"):
        env["NODE_PATH"] = os.pathsep.join([task_root, os.path.join(task_root, "node_modules")])
    env.update(function_env)
    env.update(dict(spec.environment))
    return env

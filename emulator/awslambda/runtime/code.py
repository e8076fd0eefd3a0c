"""A deployment package: Lambda's size quotas, and extracting it safely (aws-behaviour 24.6).

Lambda quotas ("Lambda quotas",
https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): 50 MB zipped for
a direct upload, 250 MB unzipped. AWS answers an oversized unzipped package with 400
InvalidParameterValueException "Unzipped size must be smaller than 262144000 bytes", and a
zip it cannot read with "Could not unzip uploaded file. Please check your file, then try to
upload again." (both as recorded in public issue reports).

``check_package`` reads the zip's central directory (the sizes it declares, and every
entry's name: an absolute path, a ``..`` component or a symlink pointing outside the package
is refused as unreadable). ``extract_package`` then writes the entries while counting the
bytes really decompressed, so a zip whose headers lie cannot get past the cap either.
"""

from __future__ import annotations

import io
import os
import posixpath
import shutil
import stat
import zipfile

MAX_ZIPPED_BYTES = 50 * 2**20
"""52,428,800: a ZipFile sent in the request (its base64 is 69,905,067 bytes)."""
MAX_UNZIPPED_BYTES = 250 * 2**20
"""262,144,000."""
MAX_REQUEST_BYTES = 69_905_067
"""CreateFunction / UpdateFunctionCode: 'Request must be smaller than 69905067 bytes for the
CreateFunction operation' (413 RequestEntityTooLargeException)."""

UNZIPPED_TOO_LARGE = f"Unzipped size must be smaller than {MAX_UNZIPPED_BYTES} bytes"
CANNOT_UNZIP = "Could not unzip uploaded file. Please check your file, then try to upload again."
_CHUNK = 1 << 16


class PackageRejected(Exception):
    """Lambda refuses this package: 400 InvalidParameterValueException with this message."""


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _safe_name(name: str) -> bool:
    if name.startswith("/") or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return False
    return ".." not in name.split("/")


def _link_stays_inside(name: str, target: str) -> bool:
    if target.startswith("/"):
        return False
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
    return joined != ".." and not joined.startswith("../")


def check_package(code_zip: bytes) -> None:
    """Raise PackageRejected unless the zip is readable, safe and within the unzipped cap
    (as its central directory declares)."""
    try:
        with zipfile.ZipFile(io.BytesIO(code_zip)) as archive:
            infos = archive.infolist()
            total = 0
            for info in infos:
                total += info.file_size
                if not _safe_name(info.filename):
                    raise PackageRejected(CANNOT_UNZIP)
                if _is_symlink(info):
                    target = archive.read(info).decode("utf-8", "replace")
                    if not _link_stays_inside(info.filename, target):
                        raise PackageRejected(CANNOT_UNZIP)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as err:
        raise PackageRejected(CANNOT_UNZIP) from err
    if total > MAX_UNZIPPED_BYTES:
        raise PackageRejected(UNZIPPED_TOO_LARGE)


def extract_package(code_zip: bytes, destination: str) -> None:
    """Write the package under ``destination``; PackageRejected (and nothing left behind in
    it) when an entry is unsafe or the bytes really written pass MAX_UNZIPPED_BYTES."""
    check_package(code_zip)
    try:
        _extract(code_zip, destination)
    except PackageRejected:
        _empty(destination)
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as err:
        _empty(destination)
        raise PackageRejected(CANNOT_UNZIP) from err


def _extract(code_zip: bytes, destination: str) -> None:
    written = 0
    root = os.path.realpath(destination)
    with zipfile.ZipFile(io.BytesIO(code_zip)) as archive:
        for info in archive.infolist():
            target = os.path.realpath(os.path.join(root, info.filename))
            if os.path.commonpath([root, target]) != root:
                raise PackageRejected(CANNOT_UNZIP)
            if info.is_dir():
                os.makedirs(target, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if _is_symlink(info):
                os.symlink(archive.read(info).decode("utf-8"), target)
                continue
            with archive.open(info) as source, open(target, "wb") as sink:
                while chunk := source.read(_CHUNK):
                    written += len(chunk)
                    if written > MAX_UNZIPPED_BYTES:
                        raise PackageRejected(UNZIPPED_TOO_LARGE)
                    sink.write(chunk)
            mode = (info.external_attr >> 16) & 0o777
            if mode & stat.S_IXUSR:
                os.chmod(target, 0o755)


def _empty(folder: str) -> None:
    for entry in os.listdir(folder):
        path = os.path.join(folder, entry)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)

"""Every relative link in a notebook opens from the learner's copy: workspace/ sits at the depth
of notebooks/, so ``../lambda_src/...`` and ``00_setup.ipynb`` resolve the same from both
(the Lab's root is the repository's, tools/lab.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def relative_links() -> list[tuple[str, str]]:
    links = []
    for page in sorted((ROOT / "notebooks").glob("*.md")):
        for target in LINK.findall(page.read_text()):
            if not re.match(r"^[a-z]+:|^#", target):
                links.append((page.name, target.split("#")[0]))
    return links


def test_the_notebooks_link_to_the_functions_source() -> None:
    assert ("01_lambda.md", "../lambda_src/users/app.py") in relative_links()


@pytest.mark.parametrize(("page", "target"), relative_links())
def test_each_relative_link_resolves_from_notebooks_and_from_the_workspace(
    page: str, target: str
) -> None:
    for folder in ("notebooks", "workspace"):
        resolved = (ROOT / folder / target).resolve()
        if folder == "workspace" and target.endswith(".ipynb") and "/" not in target:
            resolved = ROOT / "notebooks" / target  # seeded into workspace/ by tools/workspace.py
        assert resolved.exists(), f"{page}: {target} from {folder}/"

"""tools/workspace.py: the learner's workspace/ is seeded from notebooks/ and never overwritten."""

from __future__ import annotations

from pathlib import Path

from tools import workspace


def course(tmp_path: Path, *names: str) -> Path:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir(exist_ok=True)
    for name in names:
        (notebooks / name).write_text(f'{{"course": "{name}"}}')
    return notebooks


def test_seed_copies_every_notebook_into_an_empty_workspace(tmp_path: Path) -> None:
    notebooks = course(tmp_path, "00_setup.ipynb", "01_lambda.ipynb")
    seeded = workspace.seed(notebooks, tmp_path / "workspace")
    assert seeded.copied == ["00_setup.ipynb", "01_lambda.ipynb"]
    assert (tmp_path / "workspace/01_lambda.ipynb").read_bytes() == (
        notebooks / "01_lambda.ipynb"
    ).read_bytes()


def test_seed_never_overwrites_the_learners_copy(tmp_path: Path) -> None:
    notebooks = course(tmp_path, "00_setup.ipynb")
    workspace.seed(notebooks, tmp_path / "workspace")
    mine = tmp_path / "workspace/00_setup.ipynb"
    mine.write_text('{"mine": "my outputs"}')
    seeded = workspace.seed(notebooks, tmp_path / "workspace")
    assert seeded.copied == [] and seeded.kept == ["00_setup.ipynb"]
    assert mine.read_text() == '{"mine": "my outputs"}'


def test_seed_copies_a_notebook_added_upstream(tmp_path: Path) -> None:
    notebooks = course(tmp_path, "00_setup.ipynb")
    workspace.seed(notebooks, tmp_path / "workspace")
    course(tmp_path, "10_new.ipynb")
    seeded = workspace.seed(notebooks, tmp_path / "workspace")
    assert seeded.copied == ["10_new.ipynb"]
    assert seeded.kept == ["00_setup.ipynb"]


def test_seed_tells_the_learner_when_the_course_changed_and_how_to_get_a_fresh_copy(
    tmp_path: Path,
) -> None:
    notebooks = course(tmp_path, "00_setup.ipynb")
    workspace.seed(notebooks, tmp_path / "workspace")
    (notebooks / "00_setup.ipynb").write_text('{"course": "fixed upstream"}')
    seeded = workspace.seed(notebooks, tmp_path / "workspace")
    assert seeded.changed_upstream == ["00_setup.ipynb"]
    where = tmp_path / "workspace"
    assert seeded.messages()[-1] == (
        "notebooks/00_setup.ipynb has changed since your copy was made. For a fresh copy: "
        f"mv {where}/00_setup.ipynb {where}/00_setup.mine.ipynb, then make lab."
    )


def test_seed_says_nothing_changed_upstream_for_an_unchanged_course(tmp_path: Path) -> None:
    notebooks = course(tmp_path, "00_setup.ipynb")
    workspace.seed(notebooks, tmp_path / "workspace")
    assert workspace.seed(notebooks, tmp_path / "workspace").changed_upstream == []


def test_the_workspace_is_beside_notebooks_so_relative_links_resolve_alike() -> None:
    assert workspace.WORKSPACE.parent == workspace.NOTEBOOKS.parent
    link = Path("..") / "lambda_src" / "users" / "app.py"  # what 01 points at
    assert (workspace.WORKSPACE / link).resolve() == (workspace.NOTEBOOKS / link).resolve()
    assert (workspace.NOTEBOOKS / link).resolve().is_file()


def test_the_workspace_is_git_ignored() -> None:
    ignored = (workspace.ROOT / ".gitignore").read_text().splitlines()
    assert "/workspace/" in ignored  # anchored: tests/workspace/ is not ignored

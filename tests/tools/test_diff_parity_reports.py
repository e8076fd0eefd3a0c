"""tools/diff_parity_reports.py: which checkpoints differ between two parity reports, what it
prints for them, and its exit status."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tools.diff_parity_reports import checkpoint_differences, main, report_differences
from tools.parity_report import FAIL, NOT_RUN, PASS, Checkpoint, HttpShown, write_report

UNAUTHORIZED = '{"message":"Unauthorized"}'


def checkpoint(**fields: Any) -> Checkpoint:
    """04's "without a token" checkpoint as the local run shows it, with `fields` changed."""
    defaults: dict[str, Any] = {
        "notebook": "04_cognito_authorizer",
        "cell": "04-cognito-authorizer-21",
        "label": f"HTTP 401: {UNAUTHORIZED}",
        "result": PASS,
        "marks": (),
        "http": (HttpShown("", 401, UNAUTHORIZED),),
        "error": None,
    }
    return Checkpoint(**{**defaults, **fields})


def diagnosis(**fields: Any) -> Checkpoint:
    defaults: dict[str, Any] = {
        "cell": "04-cognito-authorizer-25",
        "marks": (
            "  ✅ route in the deployed stage: GET /users",
            "  ❌ token in the header the authorizer reads: no token sent",
        ),
    }
    return checkpoint(**{**defaults, **fields})


def check(**fields: Any) -> Checkpoint:
    defaults: dict[str, Any] = {
        "cell": "04-cognito-authorizer-23",
        "label": f"Without a token: 401 {UNAUTHORIZED}",
        "marks": (f"✅ Without a token: 401 {UNAUTHORIZED}",),
        "http": (),
    }
    return checkpoint(**{**defaults, **fields})


GREETING = checkpoint(
    notebook="05_user_and_token",
    cell="05-user-and-token-13",
    label="HTTP 200: Testing Lambda from API Gateway. Hello, alice!",
    http=(HttpShown("", 200, "Testing Lambda from API Gateway. Hello, alice!"),),
)
LOCAL = [checkpoint(), check(), diagnosis(), GREETING]
# What a real account could show instead: a 403 from a resource policy, so the check fails,
# the diagnosis finds another fault, 05 never runs, and a checkpoint the local run lacks
# (the AWS run was made from a newer checkout).
AWS = [
    checkpoint(http=(HttpShown("", 403, '{"message":"Forbidden"}'),)),
    check(
        result=FAIL,
        marks=(f"❌ Without a token: 401 {UNAUTHORIZED} (expected 401, got 403)",),
        error="CheckpointFailed: Checkpoint failed: Without a token",
    ),
    diagnosis(
        marks=(
            "  ❌ route in the deployed stage: GET /users",
            "  ❌ token in the header the authorizer reads: no token sent",
        )
    ),
    checkpoint(cell="04-cognito-authorizer-27", label="new", marks=("✅ new",), http=()),
    replace(GREETING, result=NOT_RUN, http=()),
]


def write_pair(tmp_path: Path, a: list[Checkpoint], b: list[Checkpoint]) -> list[str]:
    write_report(tmp_path / "local.jsonl", a)
    write_report(tmp_path / "aws.jsonl", b)
    return [str(tmp_path / "local.jsonl"), str(tmp_path / "aws.jsonl")]


def test_a_report_agrees_with_itself_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(write_pair(tmp_path, LOCAL, LOCAL)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "The reports agree: same results, marks, HTTP statuses and bodies."
    )


def test_a_deliberately_different_pair_prints_every_difference_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(write_pair(tmp_path, LOCAL, AWS)) == 1
    assert capsys.readouterr().out.splitlines()[2:] == [
        f"04_cognito_authorizer · 04-cognito-authorizer-21 · HTTP 401: {UNAUTHORIZED}",
        f'  HTTP 1: 401 {UNAUTHORIZED} → 403 {{"message":"Forbidden"}}',
        f"04_cognito_authorizer · 04-cognito-authorizer-23 · Without a token: 401 {UNAUTHORIZED}",
        "  result: pass → fail",
        f"  mark 1: ✅ Without a token: 401 {UNAUTHORIZED} → "
        f"❌ Without a token: 401 {UNAUTHORIZED} (expected 401, got 403)",
        "  error: (none) → CheckpointFailed: Checkpoint failed: Without a token",
        f"04_cognito_authorizer · 04-cognito-authorizer-25 · HTTP 401: {UNAUTHORIZED}",
        "  mark 1: ✅ route in the deployed stage: GET /users → "
        "❌ route in the deployed stage: GET /users",
        "05_user_and_token · 05-user-and-token-13 · "
        "HTTP 200: Testing Lambda from API Gateway. Hello, alice!",
        "  result: pass → not run",
        "only in B: 04_cognito_authorizer · 04-cognito-authorizer-27 · new",
        "5 checkpoint(s) differ (shown as A → B), 1 of them not run in one report.",
    ]


def test_the_header_names_both_reports_and_their_sizes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = write_pair(tmp_path, LOCAL, AWS)
    main(paths)
    assert capsys.readouterr().out.splitlines()[:2] == [
        f"A: {paths[0]} (4 checkpoints)",
        f"B: {paths[1]} (5 checkpoints)",
    ]


def test_an_unreadable_report_exits_2_and_says_which_make_target_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_report(tmp_path / "local.jsonl", LOCAL)
    assert main([str(tmp_path / "local.jsonl"), str(tmp_path / "aws.jsonl")]) == 2
    assert "make test-aws the AWS one" in capsys.readouterr().err


def test_a_different_status_is_a_difference() -> None:
    other = checkpoint(http=(HttpShown("", 403, UNAUTHORIZED),))
    assert checkpoint_differences(checkpoint(), other) == [
        f"HTTP 1: 401 {UNAUTHORIZED} → 403 {UNAUTHORIZED}"
    ]


def test_a_different_body_is_a_difference() -> None:
    other = checkpoint(http=(HttpShown("", 401, '{"message":"The incoming token has expired"}'),))
    assert checkpoint_differences(checkpoint(), other) == [
        f'HTTP 1: 401 {UNAUTHORIZED} → 401 {{"message":"The incoming token has expired"}}'
    ]


def test_an_http_line_missing_from_one_is_a_difference_named_by_what_was_sent() -> None:
    two = checkpoint(http=(HttpShown("no token", 401, UNAUTHORIZED), HttpShown("garbage", 401, "")))
    one = checkpoint(http=(HttpShown("no token", 401, UNAUTHORIZED),))
    assert checkpoint_differences(two, one) == ["HTTP 2 (garbage): 401 → (none)"]


def test_a_skipped_attempt_shows_a_dash_for_its_status() -> None:
    skipped = checkpoint(http=(HttpShown("expired ID token", None, "(skipped)"),))
    assert checkpoint_differences(checkpoint(), skipped) == [
        f"HTTP 1: 401 {UNAUTHORIZED} → - (skipped)"
    ]


def test_a_different_mark_is_a_difference() -> None:
    assert checkpoint_differences(check(), check(marks=("❌ Without a token",))) == [
        f"mark 1: ✅ Without a token: 401 {UNAUTHORIZED} → ❌ Without a token"
    ]


def test_other_text_beside_the_same_mark_is_no_difference() -> None:
    other = diagnosis(marks=("  ✅ route: arn:aws:…:111122223333:…", "  ❌ token: none sent"))
    assert checkpoint_differences(diagnosis(), other) == []


def test_a_different_label_is_no_difference() -> None:
    assert checkpoint_differences(checkpoint(), checkpoint(label="renamed")) == []


def test_a_checkpoint_the_other_run_did_not_reach_differs_in_its_result_only() -> None:
    assert checkpoint_differences(check(), check(result=NOT_RUN, marks=())) == [
        "result: pass → not run"
    ]


def test_checkpoints_in_one_report_only_are_listed_after_the_shared_ones() -> None:
    assert report_differences([checkpoint(), check()], [diagnosis(), checkpoint()]) == [
        (f"only in A: {check().name}", []),
        (f"only in B: {diagnosis().name}", []),
    ]

"""Stages and deployments as AWS answers for them (docs/aws-behaviour.md 8.6-8.9)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import requests
from botocore.exceptions import ClientError

from emulator.process import auth_for
from tests.emulator.conftest import Stack


def dev_deployment(stack: Stack) -> str:
    return str(
        stack.clients["apigateway"].get_stage(restApiId=stack.api_id, stageName="dev")[
            "deploymentId"
        ]
    )


def test_get_stages_with_a_deployment_id_lists_only_its_stages_api_reference(
    stack: Stack,
) -> None:
    apigw = stack.clients["apigateway"]
    first = dev_deployment(stack)
    stack.deploy()
    apigw.create_stage(restApiId=stack.api_id, stageName="old", deploymentId=first)
    stages = apigw.get_stages(restApiId=stack.api_id, deploymentId=first)["item"]
    assert [stage["stageName"] for stage in stages] == ["old"]


def test_get_stages_without_a_deployment_id_lists_every_stage(stack: Stack) -> None:
    apigw = stack.clients["apigateway"]
    apigw.create_stage(restApiId=stack.api_id, stageName="old", deploymentId=dev_deployment(stack))
    stages = apigw.get_stages(restApiId=stack.api_id)["item"]
    assert sorted(stage["stageName"] for stage in stages) == ["dev", "old"]


def test_a_stage_reports_cache_status_tracing_and_its_dates_cli_example(stack: Stack) -> None:
    stage = stack.clients["apigateway"].get_stage(restApiId=stack.api_id, stageName="dev")
    assert (
        stage["cacheClusterStatus"],
        stage["tracingEnabled"],
        stage["createdDate"] <= stage["lastUpdatedDate"],
    ) == ("NOT_AVAILABLE", False, True)


@pytest.fixture
def advance_clock(stack: Stack) -> Iterator[Callable[[int], None]]:
    """Move the emulator clock forward (reset afterwards, CONTRIBUTING.md "No sleeps")."""

    def advance(seconds: int) -> None:
        requests.post(
            f"{stack.url}/_emulator/clock",
            auth=auth_for(stack.url),
            json={"advance_seconds": seconds},
            timeout=5,
        )

    yield advance
    requests.post(
        f"{stack.url}/_emulator/clock", auth=auth_for(stack.url), json={"reset": True}, timeout=5
    )


def test_redeploying_moves_last_updated_date_not_created_date_inferred(
    stack: Stack, advance_clock: Callable[[int], None]
) -> None:
    apigw = stack.clients["apigateway"]
    before = apigw.get_stage(restApiId=stack.api_id, stageName="dev")
    advance_clock(120)
    stack.deploy()
    after = apigw.get_stage(restApiId=stack.api_id, stageName="dev")
    assert (
        after["createdDate"] == before["createdDate"],
        (after["lastUpdatedDate"] - before["lastUpdatedDate"]).total_seconds() >= 120,
    ) == (True, True)


def test_deleting_a_deployment_a_stage_serves_is_bad_request_recorded_pulumi_issue_5711(
    stack: Stack,
) -> None:
    with pytest.raises(ClientError) as caught:
        stack.clients["apigateway"].delete_deployment(
            restApiId=stack.api_id, deploymentId=dev_deployment(stack)
        )
    assert (caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]) == (
        "BadRequestException",
        "Active stages pointing to this deployment must be moved or deleted",
    )


def test_a_deployment_the_stage_moved_away_from_can_be_deleted_inferred(stack: Stack) -> None:
    apigw = stack.clients["apigateway"]
    first = dev_deployment(stack)
    stack.deploy()
    apigw.delete_deployment(restApiId=stack.api_id, deploymentId=first)
    remaining = {d["id"] for d in apigw.get_deployments(restApiId=stack.api_id)["items"]}
    assert first not in remaining


def test_get_deployment_of_an_unknown_id_is_not_found_inferred(stack: Stack) -> None:
    with pytest.raises(ClientError) as caught:
        stack.clients["apigateway"].get_deployment(restApiId=stack.api_id, deploymentId="nope")
    assert (caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]) == (
        "NotFoundException",
        "Invalid Deployment identifier specified",
    )


def test_get_deployment_with_api_summary_still_answers(stack: Stack) -> None:
    summary = stack.clients["apigateway"].get_deployment(
        restApiId=stack.api_id, deploymentId=dev_deployment(stack), embed=["apisummary"]
    )["apiSummary"]
    assert summary["/users"]["GET"]["authorizationType"] == "NONE"

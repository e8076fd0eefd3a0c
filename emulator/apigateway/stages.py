"""Stages as AWS describes them: the fields moto leaves out, and GetStages' filter.

moto 5.2.5 answers GetStage, GetStages, CreateStage and UpdateStage without ``createdDate`` and
``lastUpdatedDate``, without ``cacheClusterStatus`` and ``tracingEnabled`` until they are
changed, and lists every stage whatever ``deploymentId`` GetStages asks for. The emulator keeps
each stage's two dates (on its clock) and completes moto's answers (docs/aws-behaviour.md 8.6,
8.8).
"""

from __future__ import annotations

import json
import re
import threading
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request

from emulator.answers import Answer
from emulator.moto_bridge import server as moto_server

if TYPE_CHECKING:
    from emulator.state import EmulatorState

NOT_AVAILABLE = "NOT_AVAILABLE"
"""``cacheClusterStatus`` of a stage without a cache cluster [doc: AWS CLI get-stage example]."""


class StageDates:
    """(created, last updated) per (API, stage), in epoch seconds; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dates: dict[tuple[str, str], tuple[int, int]] = {}

    def created(self, api_id: str, stage: str, now: float) -> None:
        with self._lock:
            self._dates[(api_id, stage)] = (int(now), int(now))

    def updated(self, api_id: str, stage: str, now: float) -> None:
        with self._lock:
            created, _ = self._dates.get((api_id, stage), (int(now), int(now)))
            self._dates[(api_id, stage)] = (created, int(now))

    def of(self, api_id: str, stage: str, now: float) -> tuple[int, int]:
        """A stage's dates (one the emulator did not see created is taken as created now)."""
        with self._lock:
            return self._dates.setdefault((api_id, stage), (int(now), int(now)))

    def clear(self) -> None:
        with self._lock:
            self._dates.clear()


def described(state: EmulatorState, api_id: str, stage: dict[str, Any]) -> dict[str, Any]:
    """moto's stage JSON with the fields AWS always sends."""
    completed = dict(stage)
    if not completed.get("cacheClusterEnabled"):
        completed.setdefault("cacheClusterStatus", NOT_AVAILABLE)
    completed.setdefault("tracingEnabled", False)
    created, updated = state.stage_dates.of(api_id, str(stage.get("stageName")), state.clock.now())
    completed["createdDate"], completed["lastUpdatedDate"] = created, updated
    return completed


def get_stages(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    """GetStages: only the stages of ``deploymentId`` when it is given [doc: GetStages API
    reference, "deploymentId: The stages' deployment identifiers"]."""
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status >= 300:
        return answer
    wanted = request.args.get("deploymentId")
    api_id = match.group("api")
    items = [
        described(state, api_id, stage)
        for stage in answer.json().get("item", [])
        if wanted is None or stage.get("deploymentId") == wanted
    ]
    return answer.with_body(json.dumps({"item": items}).encode())


def create_stage(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status >= 300:
        return answer
    stage = answer.json()
    state.stage_dates.created(match.group("api"), str(stage.get("stageName")), state.clock.now())
    return answer.with_body(json.dumps(described(state, match.group("api"), stage)).encode())


def get_stage(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status >= 300:
        return answer
    return answer.with_body(
        json.dumps(described(state, match.group("api"), answer.json())).encode()
    )


def update_stage(state: EmulatorState, request: Request, match: re.Match[str]) -> Answer:
    answer = moto_server.call(request.environ, request.get_data())
    if answer.status >= 300:
        return answer
    state.stage_dates.updated(match.group("api"), match.group("stage"), state.clock.now())
    return answer.with_body(
        json.dumps(described(state, match.group("api"), answer.json())).encode()
    )

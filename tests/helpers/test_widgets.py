"""The API caller widget: what it sends and what it shows (no kernel needed)."""

from __future__ import annotations

from helpers.http import HttpResponse
from helpers.widgets import ApiCaller, Caller


def _fake_call(sent: list[tuple[str, str | None]]) -> Caller:
    def call(url: str, token: str | None) -> HttpResponse:
        sent.append((url, token))
        status = 200 if token == "id-token" else 401
        body = "ok" if status == 200 else {"message": "Unauthorized"}
        return HttpResponse(status=status, body=body, error_type=None, request_id=None)

    return call


def test_button_click_sends_the_chosen_token() -> None:
    sent: list[tuple[str, str | None]] = []
    caller = ApiCaller(
        "https://api/dev/users", {"no token": None, "ID token": "id-token"}, _fake_call(sent)
    )
    caller.picker.value = "ID token"
    caller.button.click()
    assert sent == [("https://api/dev/users", "id-token")]


def test_answer_shows_status_and_body() -> None:
    caller = ApiCaller("u", {"no token": None}, _fake_call([]))
    caller.call_selected()
    assert caller.answer.value == 'no token: HTTP 401 {"message":"Unauthorized"}'


def test_repr_lists_choices_and_never_a_token() -> None:
    caller = ApiCaller("u", {"ID token": "secret-token-value"}, _fake_call([]))
    assert (repr(caller), "secret-token-value" in repr(caller)) == (
        "ApiCaller(url=..., choices=['ID token'])",
        False,
    )


def test_widget_calls_the_live_api_on_the_emulator(emulator_url: str) -> None:
    caller = ApiCaller(f"{emulator_url}/restapis/nope/dev/_user_request_/users", {"no token": None})
    assert caller.call_selected().status == 403

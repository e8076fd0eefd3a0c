"""Small interactive pieces for the notebooks (ipywidgets): the learner tries things by hand.

Widgets are extras after a step's checkpoint: the checkpoints never depend on them, so a
notebook runs the same under nbval, where nobody clicks.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from helpers.http import HttpResponse, body_text, call_api

Caller = Callable[[str, str | None], HttpResponse]


class ApiCaller(widgets.VBox):  # type: ignore[misc]  # ipywidgets ships no type hints
    """Pick what to send in the Authorization header, press Call, read the answer.

    ``choices`` maps a label ("no token", "ID token", ...) to the header value (None: no
    header). Tokens stay inside the widget: only the label and the answer are shown.
    """

    def __init__(self, url: str, choices: dict[str, str | None], call: Caller = call_api) -> None:
        self._url = url
        self._choices = dict(choices)
        self._call = call
        self.picker = widgets.Dropdown(options=list(self._choices), description="Send:")
        self.button = widgets.Button(description="Call the API", button_style="primary")
        self.answer = widgets.Label(value="Pick what to send, then press the button.")
        self.button.on_click(lambda _button: self.call_selected())
        super().__init__([widgets.HBox([self.picker, self.button]), self.answer])

    def call_selected(self) -> HttpResponse:
        """Call the API with the chosen token and show the status and body."""
        label = str(self.picker.value)
        response = self._call(self._url, self._choices[label])
        self.answer.value = f"{label}: HTTP {response.status} {body_text(response.body)}"
        return response

    def __repr__(self) -> str:  # what nbval compares: stable, and no token in it
        return f"ApiCaller(url=..., choices={list(self._choices)})"


def api_caller(url: str, choices: dict[str, str | None]) -> ApiCaller:
    """An `ApiCaller` for `url`; display it as a cell's last value."""
    return ApiCaller(url, choices)

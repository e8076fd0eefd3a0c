"""emulator/server.py: the header lines as the client sent them reach the app
(docs/aws-behaviour.md 3.4; WSGI's ``HTTP_X_Y`` keys keep neither casing nor repeats). End to
end, through the running server: tests/emulator/apigateway/test_lambda_proxy_recorded.py."""

from __future__ import annotations

from emulator.server import raw_header_pairs


def test_raw_header_pairs_keep_names_order_and_repeats() -> None:
    lines = [b"tEsT-HEADeR: aValUE\r\n", b"X-Tag: a\r\n", b"x-tag:  b \r\n", b"\r\n"]
    assert raw_header_pairs(lines) == (("tEsT-HEADeR", "aValUE"), ("X-Tag", "a"), ("x-tag", "b"))


def test_raw_header_pairs_join_a_folded_line_with_a_space() -> None:
    lines = [b"X-Long: one\r\n", b"  two\r\n", b"\r\n"]
    assert raw_header_pairs(lines) == (("X-Long", "one two"),)


def test_raw_header_pairs_stop_at_the_blank_line() -> None:
    assert raw_header_pairs([b"A: 1\r\n", b"\r\n", b"B: 2\r\n"]) == (("A", "1"),)

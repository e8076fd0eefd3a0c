"""Routing precedence: docs/aws-behaviour.md section 9."""

from __future__ import annotations

from awsrules.apigateway.routing import match_resource, select_method


def template(templates: list[str], raw_path: str) -> str | None:
    matched = match_resource(templates, raw_path)
    return matched.template if matched else None


def test_a_literal_part_beats_a_parameter_at_the_first_difference() -> None:
    assert template(["/a/{x}/c", "/a/b/{y}"], "/a/b/c") == "/a/b/{y}"


def test_the_order_resources_are_listed_in_does_not_matter() -> None:
    assert template(["/a/b/{y}", "/a/{x}/c"], "/a/b/c") == "/a/b/{y}"


def test_a_parameter_beats_a_greedy_proxy() -> None:
    assert template(["/{proxy+}", "/users/{id}"], "/users/7") == "/users/{id}"


def test_a_greedy_proxy_takes_the_rest_of_the_path() -> None:
    matched = match_resource(["/{proxy+}"], "/a/b/c")
    assert matched is not None
    assert matched.path_parameters == {"proxy": "a/b/c"}


def test_a_greedy_proxy_needs_at_least_one_part() -> None:
    assert template(["/users/{proxy+}"], "/users") is None


def test_each_part_is_percent_decoded_exactly_once() -> None:
    assert template(["/users"], "/%75sers") == "/users"
    assert template(["/users"], "/%2575sers") is None


def test_an_encoded_slash_stays_inside_its_part() -> None:
    matched = match_resource(["/files/{name}"], "/files/a%2Fb")
    assert matched is not None
    assert matched.path_parameters == {"name": "a/b"}


def test_no_resource_matches_a_longer_path() -> None:
    assert template(["/users"], "/users/7") is None


def test_the_method_falls_back_to_any() -> None:
    assert select_method({"ANY": "any"}, "GET") == "any"
    assert select_method({"GET": "get", "ANY": "any"}, "GET") == "get"
    assert select_method({"POST": "post"}, "GET") is None

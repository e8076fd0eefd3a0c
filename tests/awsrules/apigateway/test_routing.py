"""Routing precedence: docs/aws-behaviour.md section 9 (9.7: the method counts, 9.8: the
values stay as sent)."""

from __future__ import annotations

from collections.abc import Mapping

from awsrules.apigateway.routing import match_resource, select_method, serving


def template(templates: list[str], raw_path: str) -> str | None:
    matched = match_resource(templates, raw_path)
    return matched.template if matched else None


def template_serving(
    methods: Mapping[str, Mapping[str, object]], raw_path: str, verb: str
) -> str | None:
    matched = match_resource(methods, raw_path, serving(methods, verb))
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


def test_an_encoded_slash_stays_inside_its_part_and_encoded_in_the_parameter() -> None:
    matched = match_resource(["/files/{name}"], "/files/a%2Fb")
    assert matched is not None
    assert matched.path_parameters == {"name": "a%2Fb"}


def test_a_greedy_parameter_keeps_percent_2b_as_sent_recorded_localstack() -> None:
    path = "/test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com"
    matched = match_resource(["/{proxy+}"], path)
    assert matched is not None
    assert matched.path_parameters == {"proxy": path.removeprefix("/")}


def test_a_resource_without_the_verb_falls_back_to_its_proxy_sibling_ministack_pr_1423() -> None:
    methods = {"/users": {"GET": 1}, "/{proxy+}": {"OPTIONS": 1}}
    matched = match_resource(methods, "/users", serving(methods, "OPTIONS"))
    assert matched is not None
    assert matched.template == "/{proxy+}"


def test_a_literal_without_the_verb_falls_back_to_its_parameter_sibling_floci_pr_3399() -> None:
    methods = {"/roles/provision": {"POST": 1}, "/roles/{roleId}": {"GET": 1}}
    matched = match_resource(methods, "/roles/provision", serving(methods, "GET"))
    assert matched is not None
    assert (matched.template, matched.path_parameters) == (
        "/roles/{roleId}",
        {"roleId": "provision"},
    )


def test_a_literal_with_the_verb_keeps_it_floci_pr_3399() -> None:
    methods = {"/roles/provision": {"POST": 1}, "/roles/{roleId}": {"GET": 1}}
    assert template_serving(methods, "/roles/provision", "POST") == "/roles/provision"


def test_no_resource_with_the_verb_is_no_route_floci_pr_3399() -> None:
    methods = {"/users/me": {"PATCH": 1}, "/users/{userId}": {"GET": 1}}
    assert template_serving(methods, "/users/me", "POST") is None


def test_any_counts_as_serving_every_verb_ministack_pr_1423() -> None:
    methods = {"/jobs/{op}": {"GET": 1}, "/{proxy+}": {"ANY": 1}}
    assert template_serving(methods, "/jobs/reboot", "POST") == "/{proxy+}"


def test_no_resource_matches_a_longer_path() -> None:
    assert template(["/users"], "/users/7") is None


def test_the_method_falls_back_to_any() -> None:
    assert select_method({"ANY": "any"}, "GET") == "any"
    assert select_method({"GET": "get", "ANY": "any"}, "GET") == "get"
    assert select_method({"POST": "post"}, "GET") is None

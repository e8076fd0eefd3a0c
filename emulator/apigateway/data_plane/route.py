"""Step 2, the route: which resource and method of the deployment serve the path.

The precedence rule lives in awsrules.apigateway.routing (shared with helpers.diagnose): the
most specific resource that has a method for the verb (or ``ANY``) wins (docs/aws-behaviour.md
9.2, 9.7). No route answers 403 Missing Authentication Token, before any authorizer runs
(section 2).
"""

from __future__ import annotations

from awsrules.apigateway import gateway_responses
from emulator.apigateway.data_plane.env import DataPlaneEnv
from emulator.apigateway.data_plane.exchange import Exchange, GatewayError, RouteMatch


def match_route(exchange: Exchange, env: DataPlaneEnv) -> None:
    snapshot, _ = exchange.deployed()
    verb, resources = exchange.request.method, snapshot.resources_by_path
    matched = snapshot.routes.match(
        exchange.raw_path, lambda template: resources[template].method(verb) is not None
    )
    resource = resources[matched.template] if matched else None
    method = resource.method(verb) if resource else None
    if matched is None or resource is None or method is None:
        raise GatewayError(gateway_responses.missing_authentication_token(), "no route")
    exchange.route = RouteMatch(resource, method, matched.path_parameters)

"""Managed login (the Hosted UI) on a user pool domain, served at ``/cognito-domain/{domain}/``
(docs/aws-behaviour.md section 26).

- ``authorize``: ``GET /oauth2/authorize`` (code and implicit grants, PKCE), the login page
  ``GET/POST /login`` and the error page ``GET /error``;
- ``grants``: the token endpoint's ``authorization_code`` and ``refresh_token`` grants;
- ``logout``, ``userinfo``, ``revoke``: ``/logout``, ``/oauth2/userInfo``, ``/oauth2/revoke``;
- ``client_urls``: CreateUserPoolClient / UpdateUserPoolClient refuse callback and sign-out
  URLs Cognito refuses;
- ``params`` reads an authorize request, ``pkce`` checks a verifier, ``store`` keeps codes and
  sessions (in ``EmulatorState.managed_login``), ``page`` writes the HTML, ``redirects`` the
  ``Location`` answers.
"""

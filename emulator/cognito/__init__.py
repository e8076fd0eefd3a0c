"""Cognito in the emulator, on top of moto's user pools.

- ``control_plane``: what moto's answers lack: SRP sign-in's server side (``sign_in``,
  ``srp``), tokens re-stamped for the client's validity on the emulator clock (``tokens``),
  DeleteUserPool refused while a domain exists, DeleteResourceServer;
- ``oauth``: the OAuth 2.0 token endpoint of a user pool domain (client credentials);
- ``jwks``: the pool's public keys at ``/{poolId}/.well-known/jwks.json``.
"""

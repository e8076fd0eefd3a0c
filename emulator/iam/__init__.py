"""IAM: what the emulator adds to moto's IAM in eventual mode (docs/aws-behaviour.md 21.2-21.4).

- ``propagation``: new roles not yet assumable by Lambda, new inline policies not yet
  readable, deleted roles and inline policies still listed;
- ``listings``: reading and completing IAM's XML answers;
- ``control_plane``: the hooks (emulator/urls.py) that record and answer them.
"""

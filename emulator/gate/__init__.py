"""Who may drive the emulator: its credentials, its front door, its ownership proof.

- ``paths``: the user's 0700 state directory and 0600 files;
- ``credentials``: the random access key the emulator makes at start, in a shared-credentials
  file (profile ``emulator``);
- ``gate``: Host, Origin and SigV4 checks before any handler (SigV4 itself: awsrules/sigv4.py);
- ``open_operations``: what AWS serves unsigned, from botocore's models;
- ``protocols``: AWS's refusals, in each service's protocol;
- ``proof``: the challenge/response that shows an emulator is the caller's own;
- ``client``: signing plain ``requests`` calls to ``/_emulator/*``;
- ``environment``: the allowlisted environment the emulator is started with.

See emulator/README.md (Security) and docs/aws-behaviour.md section 25.
"""

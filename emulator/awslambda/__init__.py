"""Lambda in the emulator: the Invoke API (``invoke``) and the runtime that runs the code
(``runtime``: warm worker processes for Python and Node.js functions)."""

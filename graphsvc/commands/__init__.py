"""Subcommands of ``graphsvc``, one module per area, each with ``register(subparsers)``.

:mod:`graphsvc.cli` registers them; they never import it back. A command opens the store with
:func:`graphsvc.store.connect.opened_store` and prints with :func:`.shell.emit`.
"""

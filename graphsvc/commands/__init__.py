"""Subcommands of ``graphsvc``, one module per area, each with ``register(subparsers)``.

Commands get the store from :func:`graphsvc.cli.open_store` (which reads the environment).
"""

AREAS = ("routing", "requests", "reports", "closures", "alerts", "subcoordinators", "coverage",
         "referral", "holdings", "auth", "replay", "bench", "exchange")

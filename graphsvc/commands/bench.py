"""`graphsvc` commands: bench."""


def register(sub) -> None:
    """Add this area's subcommands to the ``graphsvc`` parser."""

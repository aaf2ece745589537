"""The example answers files that ship inside the package (``playbook/examples/``): what
``unstall diagnose --template`` prints, a starting point for an answers file of one's own.

They are the playbook's version 2 answer ids, read with :mod:`importlib.resources`, so they are
found the same way in a checkout and in an installed wheel.
"""

from __future__ import annotations

from importlib import resources

EXAMPLES: tuple[str, ...] = ("answers", "owner-declined", "failed-fit")
"""The example files, by name (``answers`` is the template)."""


def example_text(name: str = "answers") -> str:
    """The text of one example answers file (``examples/<name>.json`` in the package)."""
    if name not in EXAMPLES:
        raise KeyError(f"no example answers file '{name}': there are {', '.join(EXAMPLES)}")
    return (resources.files("playbook") / "examples" / f"{name}.json").read_text(encoding="utf-8")

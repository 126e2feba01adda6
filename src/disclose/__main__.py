"""``python -m disclose`` is the ``disclose`` command."""

from .cli import main

main()

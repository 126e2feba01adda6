"""``python -m disclose`` is the ``disclose`` command."""

from .entry import main

main()

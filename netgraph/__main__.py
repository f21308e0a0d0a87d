"""``python -m netgraph``: the same as the ``netgraph`` command."""

from netgraph.cli import main

if __name__ == "__main__":
    main()

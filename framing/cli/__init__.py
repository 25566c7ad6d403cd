"""The ``framing`` command line. Each subcommand lives in its own module with ``register(subparsers)``.

Example::

    framing score data/article_sets/belgrade_moscow_call -o -
"""

from __future__ import annotations

import argparse
import importlib
import sys

from framing.errors import FramingError

# One module per group of subcommands; each defines register(subparsers) and sets ``func`` on its parsers.
COMMAND_MODULES = (
    "framing.cli.score",
    "framing.cli.lexicon",
    "framing.cli.articles",
    "framing.cli.compare",
    "framing.cli.batch",
    "framing.cli.analysis",
    "framing.cli.validate",
)


def build_parser() -> argparse.ArgumentParser:
    from framing import __version__

    parser = argparse.ArgumentParser(
        prog="framing",
        description="Comparative framing analysis of news: frames, tone, group comparisons, reports.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except FramingError as error:
        print(f"framing {args.command}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(f"framing {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

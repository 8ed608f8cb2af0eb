"""`python -m service batch in.jsonl out.jsonl --processes N`: the extraction over archives, without HTTP."""

from __future__ import annotations

import sys

COMMANDS = {"batch": "JSON Lines in, JSON Lines out (see service/batch.py)"}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in COMMANDS:
        usage = "\n".join(f"  {name:8} {text}" for name, text in COMMANDS.items())
        print(f"usage: python -m service COMMAND ...\ncommands:\n{usage}", file=sys.stderr)
        return 2
    from .batch import main as batch

    return batch(args[1:])


if __name__ == "__main__":
    sys.exit(main())

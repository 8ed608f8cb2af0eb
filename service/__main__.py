"""`python -m service batch|spark ...`: the extraction over archives, without HTTP (on one machine or on Spark)."""

from __future__ import annotations

import sys

COMMANDS = {
    "batch": "JSON Lines in, JSON Lines out, on this machine (see service/batch.py)",
    "spark": "JSON Lines or Parquet in, Parquet out, on Spark (see service/sparkjob.py; needs pyspark)",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in COMMANDS:
        usage = "\n".join(f"  {name:8} {text}" for name, text in COMMANDS.items())
        print(f"usage: python -m service COMMAND ...\ncommands:\n{usage}", file=sys.stderr)
        return 2
    if args[0] == "spark":
        from .sparkjob import main as spark

        return spark(args[1:])
    from .batch import main as batch

    return batch(args[1:])


if __name__ == "__main__":
    sys.exit(main())

"""The ``import`` verb: print the drafts (each after its target path) or write them.

Exit codes: 0 a draft was made (warnings go to stderr), 1 nothing usable in the card (or a
record it would write already exists without ``--force``), 2 usage (no such file, a bad
``--id``, ``--write`` of a record whose id the validator would refuse, ``--write`` without a
known repo id or catalog folder).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator import write

if TYPE_CHECKING:  # the parser is built for every verb: import the importer only to run it
    from generator.importer import assemble

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    verb = sub.add_parser("import", help="draft catalog records from a Hugging Face model card (README.md)")
    verb.add_argument("card", type=Path, help="the model card file (a repo's README.md)")
    verb.add_argument(
        "--id",
        dest="repo",
        metavar="ORG/NAME",
        help="the card's repo id on Hugging Face (sets the record's path and source URL)",
    )
    verb.add_argument(
        "--write", action="store_true", help="write the records under the catalog instead of printing them"
    )
    verb.add_argument("--force", action="store_true", help="with --write: replace the card's record when it exists")
    verb.add_argument(
        "--with-missing", action="store_true", help="also draft the records the card refers to that the catalog lacks"
    )


def target(catalog: Path, kind: str, record_id: str) -> Path:
    from generator.schema.kinds import BY_NAME

    return catalog / BY_NAME[kind].folder / f"{record_id}.yaml"


def run(args: argparse.Namespace) -> int:
    from generator.importer import assemble, values
    from generator.importer import card as cards

    catalog: Path = args.catalog
    if args.repo is not None and not values.is_repo_id(args.repo):
        print(
            f"error: --id {args.repo!r} is not a Hugging Face repo id such as 'TheBloke/Llama-2-7B-GGUF'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not args.card.exists():
        print(f"error: {args.card} does not exist", file=sys.stderr)
        return EXIT_USAGE
    if args.write and not catalog.is_dir():
        print(f"error: catalog folder {str(catalog)!r} does not exist", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = assemble.assemble(args.card, args.repo, catalog if catalog.is_dir() else None)
    except cards.CardError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_NOTHING
    for line in result.notes.render(str(args.card)):
        print(line, file=sys.stderr)
    if not result.usable:
        print(
            f"error: nothing usable in {args.card}: no front matter, file table, prompt template or score",
            file=sys.stderr,
        )
        return EXIT_NOTHING
    records = [result.primary, *(result.related if args.with_missing else [])]
    refused = _refused_ids(records)
    if refused and args.write:
        for line in refused:
            print(f"error: {line}", file=sys.stderr)
        return EXIT_USAGE
    for line in refused:
        print(f"warning: {line}", file=sys.stderr)
    _report_missing(result, catalog, listed=args.with_missing)
    if not args.write:
        for record in records:
            print(f"==> {target(catalog, record.kind, record.id)} <==")
            sys.stdout.write(record.text)
            print()
        return EXIT_OK
    if result.repo is None:
        print("error: cannot write without the card's repo id: pass --id ORG/NAME", file=sys.stderr)
        return EXIT_USAGE
    return _write(records, catalog, force=args.force)


def _refused_ids(records: list[assemble.Record]) -> list[str]:
    """Why the validator would refuse a draft's id (the reader's own rule), one line each."""
    from generator.read.discover import id_problem
    from generator.schema.kinds import BY_NAME

    out = []
    for record in records:
        problem = id_problem(BY_NAME[record.kind], record.id)
        if problem:
            out.append(f"the {record.kind} id {record.id!r} {problem}")
    return out


def _report_missing(result: assemble.Result, catalog: Path, *, listed: bool) -> None:
    if not result.missing:
        return
    how = "drafted with --with-missing" if listed else "pass --with-missing to draft them"
    print(f"the card refers to {len(result.missing)} record(s) the catalog lacks ({how}):", file=sys.stderr)
    for kind, record_id in result.missing:
        print(f"  {kind} {record_id}: {target(catalog, kind, record_id)}", file=sys.stderr)


def _write(records: list[assemble.Record], catalog: Path, *, force: bool) -> int:

    primary = records[0]
    path = target(catalog, primary.kind, primary.id)
    if path.exists() and not force:
        print(
            f"error: {path} already exists; compare it with the draft (run without --write), or pass --force "
            "to replace it",
            file=sys.stderr,
        )
        return EXIT_NOTHING
    clash = _case_clash(catalog, primary.kind, primary.id)
    if clash:
        print(f"error: {clash} holds an id that differs only by case from {primary.id!r}; use that id", file=sys.stderr)
        return EXIT_NOTHING
    for record in records:
        path = target(catalog, record.kind, record.id)
        if record is not primary and path.exists():
            continue  # never overwrite a record the card only refers to
        write.write_file(path, record.text)  # atomic, and never through a link
        print(f"wrote {path}" + (" (skeleton: fill in its TODO lines)" if record.role == "skeleton" else ""))
    return EXIT_OK


def _case_clash(catalog: Path, kind: str, record_id: str) -> Path | None:
    from generator.schema.kinds import BY_NAME

    folder = catalog / BY_NAME[kind].folder
    parts = record_id.split("/")
    here = folder
    for part in parts[:-1]:
        if not here.is_dir():
            return None
        same = [p for p in here.iterdir() if p.name.lower() == part.lower()]
        if same and same[0].name != part:
            return same[0]
        here = here / part
    if not here.is_dir():
        return None
    name = f"{parts[-1]}.yaml"
    same = [p for p in here.iterdir() if p.name.lower() == name.lower() and p.name != name]
    return same[0] if same else None

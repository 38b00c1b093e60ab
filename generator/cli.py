"""The ``python -m generator`` command line: one sub-command per verb.

Exit codes: 0 success, 1 the catalog (or the input) is invalid, or another run is writing
the same output folders, 2 usage error, 3 an internal error (a bug: reported in one line,
never as a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import diagnostics
from generator.schema.kinds import KINDS
from generator.schema.quants import QUANT_FORMATS

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="Validate the Model Atlas catalog and build its site.")
    parser.add_argument("--catalog", type=Path, default=Path("catalog"), help="catalog folder (default: catalog)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = sub.add_parser("validate", help="check every record and report all problems")
    validate.add_argument("--format", choices=("text", "github", "json"), default="text", help="output format (github: Actions annotations)")

    schema = sub.add_parser("schema", help="write the JSON Schema files under catalog/schema/")
    schema.add_argument("--check", action="store_true", help="only report whether the committed files are up to date")

    generate = sub.add_parser("generate", help="validate, then write the site's Markdown and data into docs/")
    generate.add_argument("--docs", type=Path, default=Path("docs"), help="output folder (default: docs)")

    site = sub.add_parser("site", help="generate, then build the site with MkDocs into site/")
    site.add_argument("--docs", type=Path, default=Path("docs"))
    site.add_argument("--site-dir", type=Path, default=Path("site"))
    site.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the shared site config (default: mkdocs.yml)")
    site.add_argument("--builder", choices=("mkdocs", "zensical"), default="mkdocs", help="the site builder (default: mkdocs)")

    export = sub.add_parser("export", help="build the offline HTML site and zip it")
    export.add_argument("--docs", type=Path, default=Path("docs"))
    export.add_argument("--out", type=Path, default=Path("dist/model-atlas-offline.zip"), help="zip to write")
    export.add_argument("--site-dir", type=Path, default=Path("build/offline"), help="where the offline site is built")
    export.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    export.add_argument("--builder", choices=("mkdocs", "zensical"), default="mkdocs")

    serve = sub.add_parser("serve", help="generate, then preview one language with mkdocs serve (regenerates on catalog edits)")
    serve.add_argument("--lang", default=None, help="the language to preview (default: the default language)")
    serve.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")

    new = sub.add_parser("new", help="write a record skeleton, every field explained, at its place in the catalog")
    new.add_argument("kind", choices=[kind.name for kind in KINDS])
    new.add_argument("id", help="the record id: 'org/name' for models and quants, a short id for the rest")
    new.add_argument("--format", dest="quant_format", choices=QUANT_FORMATS,
                     help="a quant's format (default: from the name's suffix, e.g. -GGUF)")
    new.add_argument("--force", action="store_true", help="replace an existing record with the skeleton")

    diff = sub.add_parser("diff", help="list the records added, changed and removed against a git ref")
    diff.add_argument("base", help="git ref to compare with, e.g. origin/main")
    diff.add_argument("--format", choices=("text", "markdown"), default="text", help="markdown: for a job summary")

    linkcheck = sub.add_parser("linkcheck", help="check every internal link and #anchor of a built site")
    linkcheck.add_argument("site_dir", type=Path, nargs="?", default=Path("site"), help="built site (default: site)")

    from generator.importer import command as import_command

    import_command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return _run(args)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        print(f"internal error: {type(exc).__name__}: {exc} (please report this with the command you ran)", file=sys.stderr)
        return EXIT_BUG


def _no_catalog(root: Path) -> bool:
    """Say so (a usage error) when ``root`` is not a catalog folder."""
    if root.is_dir():
        return False
    what = "is not a folder" if root.exists() else "does not exist"
    print(f"error: catalog folder {str(root)!r} {what}", file=sys.stderr)
    return True


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _validate(args)
    if args.command == "schema":
        return _schema(args)
    if args.command in ("generate", "site", "export"):
        return _build(args)
    if args.command == "new":
        return _new(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "diff":
        return _diff(args)
    if args.command == "linkcheck":
        return _linkcheck(args)
    if args.command == "import":
        from generator.importer import command as import_command

        return import_command.run(args)
    raise AssertionError(args.command)  # pragma: no cover


def _validate(args: argparse.Namespace) -> int:
    from generator.pipeline import load

    root: Path = args.catalog
    if _no_catalog(root):
        return EXIT_USAGE
    catalog, problems = load(root)
    sys.stdout.write(diagnostics.render(problems, args.format, catalog.files))
    return EXIT_INVALID if any(p.severity == "error" for p in problems) else EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from generator import write
    from generator.read import files
    from generator.schema import jsonschema

    folder = args.catalog / "schema"
    if args.check:
        stale = files.stale(folder, jsonschema.files())
        if stale:
            print(f"stale JSON Schema: {', '.join(stale)}; run `python -m generator schema` (or `make schema`)")
            return EXIT_INVALID
        print("JSON Schema files are up to date")
        return EXIT_OK
    changed = write.update_files(folder, jsonschema.files())
    for path in changed:
        print(f"wrote {path}")
    if not changed:
        print("JSON Schema files are up to date")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from generator import lock

    if _no_catalog(args.catalog):
        return EXIT_USAGE
    outputs = [args.docs, *(getattr(args, name) for name in ("site_dir", "out") if hasattr(args, name))]
    try:
        with lock.hold(*outputs):
            return _build_locked(args)
    except lock.Busy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID


def _build_locked(args: argparse.Namespace) -> int:
    from generator import pipeline

    problems = pipeline.generate(args.catalog, args.docs)
    if any(p.severity == "error" for p in problems):
        sys.stderr.write(diagnostics.render(problems, "text", 0))
        print(f"nothing written: fix the catalog first; {args.docs}/ is unchanged", file=sys.stderr)
        return EXIT_INVALID
    print(f"generated {args.docs}/")
    if args.command == "generate":
        return EXIT_OK
    from generator import export
    from generator.site import build

    try:
        if args.command == "site":
            build.build(args.config, args.site_dir, docs=args.docs, builder=args.builder)
            print(f"built {args.site_dir}/")
        else:
            export.export(args.config, args.site_dir, args.out, docs=args.docs, builder=args.builder)
            print(f"wrote {args.out} (open {export.PREFIX}/index.html after unpacking)")
    except build.BuildError as exc:
        print(f"error: {diagnostics.printable(str(exc), keep=chr(10))}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from generator import languages, pipeline, serve

    lang = args.lang or languages.default().code
    if lang not in languages.codes():
        print(f"error: unknown language {lang!r}; expected one of: {', '.join(languages.codes())}", file=sys.stderr)
        return EXIT_USAGE
    if _no_catalog(args.catalog):
        return EXIT_USAGE
    problems = pipeline.generate(args.catalog, args.config.parent / "docs")
    if any(p.severity == "error" for p in problems):
        sys.stderr.write(diagnostics.render(problems, "text", 0))
        return EXIT_INVALID
    return serve.serve(args.config, lang, address=args.dev_addr)


def _new(args: argparse.Namespace) -> int:
    from generator import scaffold

    if _no_catalog(args.catalog):
        return EXIT_USAGE
    try:
        path = scaffold.write_new(args.catalog, args.kind, args.id, fmt=args.quant_format, force=args.force)
    except scaffold.ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    todo = len(scaffold.todo_lines(path.read_text(encoding="utf-8")))
    print(f"wrote {path}: fill in its {todo} TODO fields from the sources, then run `make validate`")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from generator import diff

    try:
        report = diff.compare(args.catalog, args.base)
    except diff.DiffError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(diff.render(report, args.format))
    return EXIT_OK


def _linkcheck(args: argparse.Namespace) -> int:
    from generator.site import linkcheck

    if not (args.site_dir / "index.html").is_file():
        print(f"error: {args.site_dir} holds no index.html; build the site first (`make site`)", file=sys.stderr)
        return EXIT_USAGE
    result = linkcheck.check(args.site_dir)
    sys.stdout.write(linkcheck.render(result))
    return EXIT_INVALID if result.broken else EXIT_OK

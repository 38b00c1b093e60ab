"""Building the HTML site from docs/: one build per language, in parallel, swapped in together.

Each language's tree (``docs/<lang>/``) is built as a site of its own with a config written
here from the shared ``mkdocs.yml`` (INHERIT, its docs and site folders, its language and
the language switcher), by MkDocs or by Zensical. Every build goes into a fresh folder; only
when all succeeded are they put together (the default language at the root, the others in
``<code>/``) and swapped in for ``site/``. A failure leaves the previous site untouched.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import builders, languages, write
from generator.render import strings
from generator.site import policy


class BuildError(Exception):
    """A build failed; the message says which and why."""


def site_root(code: str) -> str:
    """Where a language's pages sit in the site: '' for the default language, else 'zh/'."""
    return languages.site_root(code)


def language_config(
    code: str, docs: str, site: str, *, base: str = "mkdocs.yml", builder: str = "mkdocs", preview: bool = False
) -> str:
    """The config of one language's build: the shared one, with the site's name in that
    language, its folders, its language and the switcher's links (from this language's root
    to each language's root), and a footer naming the ``builder`` that builds it. A
    ``preview`` (``make serve``) serves the language alone, at the server's root."""
    here = site_root(code)
    up = "../" * here.count("/")
    config = {
        "INHERIT": base,
        "docs_dir": docs,
        "site_dir": site,
        # The site's name and footer in this language (the UI strings' site.title, footer.text,
        # which names the builder: footer.builder.<name>).
        "site_name": strings.translate(code, "site.title"),
        "copyright": footer(code, builder),
        "theme": {"language": code},
        "extra": {
            # Material shows its language switcher when 'alternate' is set, and writes a head link
            # per entry when it is a list, with a filter that cannot point above this language's
            # root: the entries go in 'languages' for our own switcher (overrides/partials).
            "alternate": True,
            # This language's root from the site's root ('' or 'zh/'): the 404 page, shown at any
            # address, links from the site's root (overrides/404.html); a preview serves the
            # language alone, at the server's root.
            "site_root": "" if preview else site_root(code),
            # Words the theme shows that Material does not translate (overrides/404.html,
            # partials/palette.html).
            "labels": {
                "not_found": strings.translate(code, "theme.not_found"),
                "palette": {"default": strings.translate(code, "theme.to_dark"), "slate": strings.translate(code, "theme.to_light")},
            },
            "languages": [
                {
                    "name": lang.name,
                    "lang": lang.code,
                    "link": "" if lang.code == code else up + site_root(lang.code),  # from this root
                    "home": site_root(lang.code),  # from the site's root, for the 404 page
                }
                for lang in languages.all()
            ],
        },
    }
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def footer(code: str, builder: str) -> str:
    """The site's footer in language ``code``, naming the builder that built the site."""
    return strings.translate(code, "footer.text").replace("{builder}", strings.translate(code, f"footer.builder.{builder}"))


@dataclass(frozen=True)
class Report:
    """What one build run did: seconds of wall time per language (they overlap)."""

    seconds: dict[str, float]


def build(
    config: Path,
    site: Path,
    *,
    docs: Path | None = None,
    offline: bool = False,
    builder: str = "mkdocs",
    jobs: int | None = None,
) -> Report:
    """Build every language of ``docs`` (default: ``docs/`` beside ``config``) into ``site``.

    ``config`` is the shared config (mkdocs.yml); its folder is the project root, where the
    per-language configs and build folders are written (Zensical wants both inside it).
    """
    tool = builders.BUILDERS[builder]
    root = config.absolute().parent
    docs = (docs or root / "docs").absolute()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MODEL_ATLAS_OFFLINE="true" if offline else "false")
    codes = languages.codes()
    tag = f"{os.getpid()}-{time.monotonic_ns()}"
    outputs = {code: root / f".site.{code}.{tag}" for code in codes}
    configs = {code: root / f".build.{code}.{tag}.yml" for code in codes}
    try:
        for code in codes:
            write.write_file(configs[code], language_config(
                code, _relative(docs / code, root), outputs[code].name, base=config.name, builder=builder
            ))
        seconds = _run_all(tool, configs, root, env, jobs or os.cpu_count() or 1)
        with write.fresh_tree(site) as fresh:
            for code in codes:
                write.move_into(outputs[code], fresh / site_root(code))
            # The headings' permalink title in each language (Python-Markdown writes English).
            permalinks = {site_root(code): strings.translate(code, "theme.permalink") for code in codes}
            violations = policy.enforce(fresh, jobs=jobs or os.cpu_count() or 1, permalinks=permalinks)
            if violations:
                shown = "\n".join(v.text() for v in violations[:20])
                more = f"\n... and {len(violations) - 20} more" if len(violations) > 20 else ""
                raise BuildError(f"{len(violations)} page(s) break the site's policy; nothing was published:\n{shown}{more}")
        return Report(seconds)
    finally:
        for code in codes:
            write.remove(configs[code])
            write.remove(outputs[code])


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _run_all(tool: builders.Builder, configs: dict[str, Path], root: Path, env: dict[str, str], jobs: int) -> dict[str, float]:
    """Run the builds, ``jobs`` at a time; raise with every failure's reasons."""
    pending = list(configs)
    running: dict[str, tuple[subprocess.Popen[str], float]] = {}
    seconds: dict[str, float] = {}
    failures: list[str] = []
    while pending or running:
        while pending and len(running) < max(1, jobs):
            code = pending.pop(0)
            process = subprocess.Popen(
                tool.command(configs[code].relative_to(root)), cwd=root, env=env,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            running[code] = (process, time.monotonic())
        code = next(iter(running))
        process, started = running.pop(code)
        out, err = process.communicate()
        seconds[code] = time.monotonic() - started
        if process.returncode != 0:
            failures.append(f"{tool.name} build of '{code}' failed (exit {process.returncode}):\n{_reason(tool, out, err)}")
    if failures:
        raise BuildError("\n".join(failures))
    return seconds


def _reason(tool: builders.Builder, out: str, err: str) -> str:
    lines: Sequence[str] = [line for line in (err + "\n" + out).splitlines() if line.startswith(tool.failure_prefixes)]
    return "\n".join(lines) or err.strip() or out.strip()


def mkdocs_build(config: Path, site: Path, *, docs: Path | None = None, offline: bool = False) -> None:
    """Every language built with MkDocs (``build`` with the default builder)."""
    build(config, site, docs=docs, offline=offline)

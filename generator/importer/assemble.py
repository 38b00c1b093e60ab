"""From a card file to catalog records: the card's own record, and drafts for what it refers to.

The card's own record is a quant (a card with a files or branch table, or a repo named
``-GGUF``/``-GPTQ``/...) or a model. A quantizer's card also states facts about the model it
quantizes (``model_name``, ``license``, the quoted original card with its scores): those go
into a draft of that model. Every reference to a record the catalog lacks is listed; drafts
(base model, prompt format) and skeletons (licenses, datasets, benchmarks) are made for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.importer import (
    bilingual,
    branches,
    compat,
    exl2,
    facts,
    gguf,
    mlx,
    prose_quant,
    records,
    score_lines,
    score_tables,
    scores,
    sections,
    skeletons,
    tables,
    values,
)
from generator.importer import (
    card as cards,
)
from generator.importer import (
    prompt as prompts,
)
from generator.importer.notes import Notes
from generator.importer.records import Record
from generator.importer.resolve import Index
from generator.schema import quants

#: The id shown (and the path printed) when the card does not name its repo.
PLACEHOLDER = "ORG/NAME"
#: Words before a link to the model a quantizer's card quantizes ("GPTQ model files for [X](...)",
#: "4bit GPTQ format quantised models of [X](...)", "Converted model for GPTQ from https://...").
_QUANTIZED_FROM = (
    r"model files for\b|quanti[sz]ed models? of\b|converted model for \w+ from\b|exl2 quants of\b"
    r"|quantizations of\b|" + mlx.CONVERTED_FROM
)
#: Headings of the section that states a license ("使用协议（License Agreement）", "## 协议").
_LICENSE_HEADING = r"licen[cs]e|许可|^协议"


@dataclass
class Result:
    card: cards.Card
    repo: str | None  # the card's repo id (given or read from its links)
    source: str  # the card's URL, or its file name when the repo is unknown
    primary: Record
    related: list[Record]  # drafts and skeletons for the missing references
    missing: list[tuple[str, str]]  # (kind, id) referred to without a record in the catalog
    usable: bool
    drafts: list[Record] = field(default_factory=list)  # every draft built, whether the catalog has it or not

    @property
    def notes(self) -> Notes:
        return self.card.notes


def assemble(path: Path, card_id: str | None = None, catalog: Path | None = None) -> Result:
    """Read the card at ``path`` and build its records against the catalog at ``catalog``.

    Raises ``card.CardError`` only when the file cannot be read as text at all.
    """
    card = cards.read(path)
    notes = card.notes
    index = Index(catalog)
    own, original = sections.split_original(card.blocks)
    own_tables = tables.find_tables(own, notes)
    repo = card_id or _repo_from_links(own_tables, notes)
    if repo is not None:
        repo = index.canonical("quant", index.canonical("model", repo))
    source = f"https://huggingface.co/{repo}" if repo else path.name
    if repo is None:
        notes.warn("the card does not name its repo; pass --id ORG/NAME (sources name the file until then)")
    quant = _quant_part(card, own, own_tables, repo, notes)
    builder = _Builder(card, index, notes, repo, source)
    if quant is not None:
        primary_data = builder.quant(quant, own, original)
        kind = "quant"
    else:
        primary_data = builder.model(repo, card.blocks, primary=True)
        kind = "model"
    record_id = repo or PLACEHOLDER
    header = [f"Imported from {source} by `python -m generator import`; check every value against the card."]
    primary = _record(kind, record_id, primary_data, "card", header, builder.todo.pop(kind, None))
    if repo is not None:
        for problem in records.problems(kind, primary.data):
            notes.warn(f"the draft of {record_id} would not validate: {problem}")
    refs = builder.references(kind, primary.data)
    for draft in builder.drafts:
        if not index.exists(draft.kind, draft.id):  # only drafts that will be written bring their references
            refs += builder.references(draft.kind, draft.data)
    missing = [(k, i) for k, i in _unique(refs) if not index.exists(k, i) and not (k == kind and i == record_id)]
    drafted = {(d.kind, d.id): d for d in builder.drafts}
    related = [drafted.get(ref) or skeletons.skeleton(ref[0], ref[1], builder.known_values(ref)) for ref in missing]
    usable = card.has_meta or builder.found_facts
    return Result(card, repo, source, primary, [r for r in related if r is not None], missing, usable, builder.drafts)


def _record(
    kind: str, record_id: str, data: dict[str, Any], role: str, header: list[str], todo: dict[str, str] | None = None
) -> Record:
    text = records.render(kind, record_id, data, header=header, todo=todo)
    return Record(kind, record_id, text, role, records.ordered(kind, data))


def _text(en: str, zh: str | None) -> dict[str, str]:
    """A Text field; Chinese found in the card is the card's own (``zh_source: original``)."""
    return {"en": en, "zh": zh, "zh_source": "original"} if zh else {"en": en}


def _unique(refs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ref in refs:
        if ref not in out:
            out.append(ref)
    return out


def _repo_from_links(found: list[tables.Table], notes: Notes) -> str | None:
    """The repo a files or branch table links into (``.../TheBloke/X-GGUF/blob/main/...``)."""
    for table in found:
        if not (gguf.is_files_table(table) or branches.is_branch_table(table)):
            continue
        for row in table.rows:
            for cell in row:
                url = tables.link(cell)[1]
                repo = values.repo_from_url(url) if url else None
                if repo:
                    notes.warn(f"repo id {repo} read from the file links; pass --id to choose another", table.line)
                    return repo
    return None


@dataclass
class _Quant:
    format: str | None
    files: list[dict[str, Any]]


def _quant_part(
    card: cards.Card, own: list[Any], own_tables: list[tables.Table], repo: str | None, notes: Notes
) -> _Quant | None:
    """The quant files and format when the card is a quantizer's, else None."""
    announced = quants.format_of(repo or "") or quants.format_of_tags(
        [*facts.as_list(card.meta.get("tags")), *facts.as_list(card.meta.get("library_name"))]
    )
    fmt = announced.name if announced else None
    exl2_tables = [t for t in own_tables if exl2.is_table(t)]
    if fmt == "exl2" or exl2_tables:
        entries = exl2.from_table(exl2_tables[0], notes) if exl2_tables else exl2.from_links(own, repo) or exl2.from_name(repo)
        calibration = exl2.calibration(own, notes)
        return _Quant("exl2", [{**entry, **calibration} for entry in entries])
    if fmt == "mlx" or (fmt is None and mlx.is_mlx_card(card.meta, own)):
        return _Quant("mlx", mlx.weights(own, repo, notes))
    for table in own_tables:
        if gguf.is_files_table(table):
            return _Quant(gguf.file_format(table), gguf.files(table, notes))
        if branches.is_branch_table(table):
            table_fmt = branches.branch_format(table) or (fmt if fmt in ("gptq", "awq") else None)
            return _Quant(table_fmt, branches.branches(table, notes))
    if fmt is None and not card.meta.get("quantized_by") and prose_quant.is_quant(own, repo):
        fmt = "gptq"
        notes.warn("the card describes GPTQ files in prose (a GPTQ command line, or an Int4 model made with "
                   "AutoGPTQ): drafted as a GPTQ repository", card.meta_line)
    if fmt in ("gptq", "awq"):
        heading, blocks = sections.section(own, r"^provided files")
        line = heading.line if heading is not None else 0
        if heading is not None:
            blocks = [heading, *blocks]  # a flattened page keeps the whole section on its heading's line
        elif prose_quant.has_command(own):
            blocks = own  # no "Provided files" section: the command line is all the card says
        entries = prose_quant.files(blocks, line, notes)
        bits, _ = prose_quant.int_model(own, repo)
        if not entries and bits is not None:
            entries = [{"branch": "main", "bits": bits}]
            notes.warn(f"the card names an Int{bits} model and no file or branch; the draft lists branch 'main', "
                       "the repo's default", line)
        return _Quant(fmt, entries)
    if fmt is not None or card.meta.get("quantized_by"):
        return _Quant(fmt, [])
    return None


class _Builder:
    """Turns the card's facts into record fields; remembers drafts and TODOs on the way."""

    def __init__(self, card: cards.Card, index: Index, notes: Notes, repo: str | None, source: str) -> None:
        self.card, self.index, self.notes, self.repo, self.source = card, index, notes, repo, source
        self.meta = card.meta
        self.line = card.meta_line
        self.drafts: list[Record] = []
        self.todo: dict[str, dict[str, str]] = {}
        self.found_facts = False
        self.prompt_id: str | None = None
        self._skeleton_values: dict[tuple[str, str], dict[str, Any]] = {}

    def _sources(self, about: str | None) -> list[dict[str, str]]:
        title = "Model card" if about is None or about == self.repo else f"Model card of {self.repo or self.source}"
        return [{"url": self.source, "title": title}]

    # --- quant ----------------------------------------------------------------------------

    def quant(self, quant: _Quant, own: list[Any], original: list[Any]) -> dict[str, Any]:
        notes, meta = self.notes, self.meta
        base = self._base_of_quant(own)
        data: dict[str, Any] = {"model": base, "format": quant.format}
        by = facts.text(meta, "quantized_by")
        if by is None and self.repo:
            by = self.repo.split("/")[0]
            notes.warn(f"quantized_by not stated; the draft uses the repo owner {by!r}", self.line)
        data["quantized_by"] = by
        data["url"] = f"https://huggingface.co/{self.repo}" if self.repo else None
        heading, licensing = sections.section(own, r"^licen[cs]ing\b|^license\b")
        notes_text = sections.prose(licensing)
        if notes_text:
            data["license_notes"] = _text(notes_text, bilingual.section_text(own, heading, licensing))
        prompt = prompts.find(meta.get("prompt_template"), own, self.line, notes)
        data["prompt_format"] = self._prompt_format(
            prompt, facts.text(meta, "model_name") or (base or "").split("/")[-1]
        )
        data["compatibility"] = compat.clients(own)
        if quant.format == "mlx" and (version := mlx.converted_with(own)):
            data["compatibility"].append({"client": "mlx-lm", "note": {"en": f"The weights were converted with mlx-lm {version}."}})
        data["files"] = quant.files
        data["sources"] = self._sources(None)
        if quant.format is None:
            named = ", ".join(quants.QUANT_FORMATS)
            notes.warn(f"cannot tell the quant format ({named}) from the card or the id")
            self.todo.setdefault("quant", {})["format"] = named
        if base is None:
            notes.warn("the card names no original model (base_model, 'Original model:' link)")
            self.todo.setdefault("quant", {})["model"] = "id of the model these files quantize"
        else:
            model = self.model(base, original, primary=False)
            if base in self.index.data["model"]:
                stated = self.index.data["model"][base].license
                if model.get("license") and stated and stated != model["license"]:
                    data["license"] = model["license"]
            self.drafts.append(_record("model", base, model, "draft", self._header(base), self.todo.pop("model", None)))
        self.found_facts = self.found_facts or bool(quant.files) or base is not None or prompt is not None
        return data

    def _header(self, about: str) -> list[str]:
        return [
            f"Draft of {about} from the card of {self.repo or self.source} (`python -m generator import`).",
            "It holds only what that card states; check it against the model's own page.",
        ]

    def _base_of_quant(self, own: list[Any]) -> str | None:
        found = facts.base_models(self.meta, self.notes, self.line)
        base = found[0] if found else None
        if len(found) > 1:
            self.notes.warn(f"base_model lists {found}; the draft uses the first", self.line)
        if base is None:
            base = sections.link_after(own, r"^original model\s*[:：]") or sections.link_after(
                own, _QUANTIZED_FROM
            )
        if base is None:
            base = prose_quant.int_model(own, self.repo)[1]
        if base is None and isinstance(self.meta.get("model_link"), str):
            base = values.repo_from_url(self.meta["model_link"])
        return self.index.canonical("model", base) if base else None

    # --- model ----------------------------------------------------------------------------

    def model(self, model_id: str | None, blocks: list[Any], *, primary: bool) -> dict[str, Any]:
        notes, meta, line = self.notes, self.meta, self.line
        data: dict[str, Any] = {}
        name = facts.text(meta, "model_name")
        if name is None:
            name = sections.title(blocks, model_id) or (model_id.split("/")[-1] if model_id else None)
            if name:
                notes.warn(f"model_name not stated; the draft's name {name!r} comes from the card's title or id", line)
        data["name"] = name
        creator = facts.text(meta, "model_creator")
        if creator is None and model_id:
            creator = model_id.split("/")[0]
            notes.warn(f"model_creator not stated; the draft uses the repo owner {creator!r}", line)
        data["creator"] = creator
        data["url"] = f"https://huggingface.co/{model_id}" if model_id else None
        data["license"] = self._license()
        if primary:
            heading, licence = sections.section(blocks, _LICENSE_HEADING)
            text = sections.prose(licence)
            if text:
                data["license_notes"] = _text(text, bilingual.section_text(blocks, heading, licence))
            data["base_models"] = self._base_models() or self._prose_base_models(model_id, blocks)
        else:
            data["base_models"] = self._prose_base_models(model_id, blocks)
        card_tables = tables.find_tables(blocks, notes)
        data["architecture"] = facts.text(meta, "model_type")
        data.update(facts.hyperparameters(card_tables))
        data["languages"] = facts.languages(meta, notes, line)
        data["datasets"] = facts.datasets(meta, notes, line)
        if primary:
            prompt = prompts.find(meta.get("prompt_template"), blocks, line, notes)
            data["prompt_format"] = self._prompt_format(prompt, name or "")
            self.found_facts = self.found_facts or prompt is not None
        else:
            data["prompt_format"] = self.prompt_id
        data["tags"] = facts.tags(meta)
        data["pipeline_tag"] = facts.pipeline_tag(meta, notes, line)
        first = sections.first_paragraph_block(blocks)
        if first:
            data["summary"] = _text(first[1], bilingual.summary(blocks, first[0], 2))
        else:
            self.todo.setdefault("model", {})["summary"] = (
                "one or two sentences saying what the model is (the card gives none)"
            )
        data["scores"] = self._scores(
            model_id, name, blocks, card_tables, with_metadata=primary or bool(self.card.eval_results)
        )
        data["sources"] = self._sources(model_id)
        self.found_facts = self.found_facts or bool(data["scores"]) or bool(data.get("base_models"))
        return data

    def _license(self) -> str | None:
        """The license id; a catalog license whose page is the card's ``license_link`` is that license."""
        found = facts.license_id(self.meta, self.notes, self.line)
        url = facts.license_url(self.meta, self.repo)
        same = self.index.license_with_url(url) if url else None
        if same and found and same != found:
            self.notes.warn(f"license {found!r}: its link is the page of catalog license {same!r}; the draft uses that",
                            self.line)
            return same
        return found

    def _base_models(self) -> list[dict[str, str]]:
        found = facts.base_models(self.meta, self.notes, self.line)
        if not found:
            return []
        relation = facts.relation(self.meta, self.notes, self.line)
        if relation is None:
            self.notes.warn(
                f"base_model {', '.join(found)}: the card does not say how this model derives from it "
                "(finetune, merge, ...); add base_models by hand",
                self.line,
            )
            return []
        return [{"id": self.index.canonical("model", b), "relation": relation} for b in found]

    def _prose_base_models(self, model_id: str | None, blocks: list[Any]) -> list[dict[str, str]]:
        """A base model the prose says this one was fine-tuned from (when the metadata names none)."""
        found = sections.finetuned_from(blocks)
        if found is None:
            return []
        repo, sentence, line = found
        base = self.index.canonical("model", repo)
        if model_id and base.lower() == model_id.lower():
            return []
        shown = sentence if len(sentence) <= 160 else sentence[:157] + "..."
        self.notes.warn(f"base model {base} (finetune) read from the sentence {shown!r}", line)
        return [{"id": base, "relation": "finetune"}]

    def _scores(
        self,
        model_id: str | None,
        name: str | None,
        blocks: list[Any],
        found: list[tables.Table],
        *,
        with_metadata: bool,
    ) -> list[dict[str, Any]]:
        target = scores.Target.of(model_id, name, facts.text(self.meta, "model_name"))
        items: list[scores.Found] = []
        if with_metadata and self.card.eval_results:
            if (
                self.card.model_index_name
                and model_id
                and values.squash(self.card.model_index_name) not in target.names
            ):
                self.notes.warn(
                    f"model-index is named {self.card.model_index_name!r}, not {model_id}; its scores were "
                    "kept, check them",
                    self.line,
                )
            items += scores.from_model_index(self.card.eval_results, self.index, self.notes, self.line, model_id)
        items += score_lines.from_lines(blocks, self.index, self.notes)
        items += score_tables.from_tables(found, target, self.index, self.notes)
        out = []
        for score in scores.merge(items, self.notes):
            entry: dict[str, Any] = {"benchmark": score.benchmark, "value": score.value}
            for key in ("stated", "shots", "split", "setting"):
                value = getattr(score, key)
                if value is not None:
                    entry[key] = value
            if score.breakdown:
                entry["breakdown"] = dict(score.breakdown)
            entry["source"] = {"url": score.source_url or self.source, "kind": score.source_kind}
            out.append(entry)
            self._skeleton_values.setdefault(("benchmark", score.benchmark), {})
        return out

    # --- prompt format --------------------------------------------------------------------

    def _prompt_format(self, prompt: prompts.Prompt | None, model_name: str) -> str | None:
        if prompt is None:
            return self.prompt_id
        index, notes = self.index, self.notes
        if prompt.template is not None:
            same = index.prompt_format_with(prompt.template)
            if same:
                self.prompt_id = same
                return same
        name = prompt.name
        pid = values.slug(name) if name else None
        if pid is None and prompt.template is not None:
            name = model_name or (self.repo or "").split("/")[-1]
            pid = values.slug(name) if name else None
            if pid:
                notes.warn(
                    f"the prompt template has no name; the draft calls its format {pid!r} after the model, "
                    "rename it if it is a known format",
                    prompt.line,
                )
        if pid is None:
            return None
        pid = index.canonical("prompt-format", pid)
        self.prompt_id = pid
        if index.exists("prompt-format", pid):
            theirs = index.template_of(pid)
            if prompt.template is not None and theirs is not None:
                notes.warn(
                    f"catalog prompt format {pid!r} has a different template from the card's; check which is right",
                    prompt.line,
                )
            return pid
        if prompt.template is not None:
            data = {"name": name, "template": prompt.template, "url": prompt.url, "sources": self._sources("prompt")}
            header = [
                f"Draft from the card of {self.repo or self.source} (`python -m generator import`); add stop "
                "strings if the model's docs give them."
            ]
            self.drafts.append(_record("prompt-format", pid, data, "draft", header))
        else:
            self._skeleton_values[("prompt-format", pid)] = {"name": name, "url": prompt.url}
        return pid

    # --- references -----------------------------------------------------------------------

    def references(self, kind: str, data: dict[str, Any]) -> list[tuple[str, str]]:
        refs: list[tuple[str, str]] = []
        if data.get("license"):
            refs.append(("license", data["license"]))
            if kind == "model":
                self._skeleton_values.setdefault(("license", data["license"]), self._license_values())
        if kind == "quant" and data.get("model"):
            refs.append(("model", data["model"]))
        for base in data.get("base_models") or []:
            refs.append(("model", base["id"]))
        refs += [("dataset", d) for d in data.get("datasets") or []]
        refs += [("dataset", f["calibration_dataset"]) for f in data.get("files") or [] if f.get("calibration_dataset")]
        refs += [("benchmark", s["benchmark"]) for s in data.get("scores") or []]
        if data.get("prompt_format"):
            refs.append(("prompt-format", data["prompt_format"]))
        return refs

    def _license_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        name = facts.text(self.meta, "license_name")
        if name:
            out["name"] = name
        url = facts.license_url(self.meta, self.repo)
        if url:
            out["url"] = url
            out["sources"] = [{"url": url}]
        return out

    def known_values(self, ref: tuple[str, str]) -> dict[str, Any]:
        return {k: v for k, v in self._skeleton_values.get(ref, {}).items() if v is not None}

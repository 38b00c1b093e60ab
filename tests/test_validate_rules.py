"""Every validator rule, one broken record at a time, with the exact line a contributor sees.

Each case starts from the valid baseline catalog of ``tests.factory``, breaks one thing,
and asserts the complete list of rendered problems (``path:line:col: field: message``).
The exact list also proves that nothing else is reported: a broken record does not make
the records that refer to it report dangling references.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.pipeline import load
from generator.read import yamlsource
from generator.read.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_EVENTS
from tests.factory import (
    BASE_MODEL,
    BENCHMARK,
    DATASET,
    DROP,
    GGUF,
    GPTQ,
    LICENSE,
    MODEL,
    PROMPT_FORMAT,
    Raw,
    base_model_data,
    gguf_file,
    gptq_branch,
    render,
    schema_line,
    score_data,
    source,
    text,
    valid_base_model,
    valid_benchmark,
    valid_dataset,
    valid_gguf_quant,
    valid_gptq_quant,
    valid_license,
    valid_model,
    valid_prompt_format,
    with_line,
    write_catalog,
)

# Paths as the validator shows them.
M = "catalog/models/open/Chat-7B.yaml"
BM = "catalog/models/acme/Base-7B.yaml"
GG = "catalog/quants/packer/Chat-7B-GGUF.yaml"
GP = "catalog/quants/packer/Chat-7B-GPTQ.yaml"
LI = "catalog/licenses/open-license.yaml"
BE = "catalog/benchmarks/quiz.yaml"
DS = "catalog/datasets/wikitext.yaml"

# Sentences that several cases share.
REPO_ID = "expected 'org/name' of letters, digits, '-', '_' and '.', without '--' or '..'"
SCHEMES = "must start with https:// (or http://); other schemes are refused"
NO_ANCHORS = "write the value out (anchors and aliases are refused in records)"
MODEL_FIELDS = (
    "architecture, base_models, cautions, context_length, creator, datasets, languages, "
    "license, license_notes, name, notes, parameters, pipeline_tag, prompt_format, scores, "
    "sources, summary, tags, url"
)
FOLDERS = "benchmarks, datasets, licenses, models, prompt-formats, quants"
FORMATS = "gguf, ggml, gptq, awq, fp16, exl2, mlx"
FIRST_LINE = (
    "the first line must be '# yaml-language-server: $schema={}' "
    "so editors can check and complete fields"
)
MODEL_REF = "../../schema/model.schema.json"


def bool_hint(word: str, value: str) -> str:
    return (
        f"'{word}' is read by YAML as the boolean {value}: write true or false for a yes/no "
        f'field, or quote it ("{word}") if you mean the text'
    )


PLAIN_VALUE = "write a plain value (quoted, if it is text)"


def number_hint(raw: str) -> str:
    return (
        f"expected text, got the number {raw}: "
        f'YAML reads an unquoted {raw} as a number; quote it: "{raw}"'
    )


def dangling(kind: str, folder: str, target: str, hint: str | None = None) -> str:
    end = f"did you mean {hint!r}?" if hint else "add that record or correct the id"
    return f"{kind} {target!r} does not exist: there is no catalog/{folder}/{target}.yaml; {end}"


def problems(tmp_path: Path, files: dict[str, str | bytes | None]) -> list[str]:
    """The rendered problems of the baseline catalog with ``files`` applied."""
    _, found = load(write_catalog(tmp_path, files))
    return [p.text() for p in found]


def base(id_: str = "acme/Base-7B", relation: str = "finetune") -> dict[str, str]:
    return {"id": id_, "relation": relation}


def padded_to(record: str, size: int) -> str:
    """``record`` plus a comment line so the file is exactly ``size`` bytes."""
    return record + "#" + "x" * (size - len(record.encode()) - 2) + "\n"


BILLION_LAUGHS = (
    schema_line("model", 2)
    + '\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
)

CASES = [
    # --- reading the file ---------------------------------------------------------------
    pytest.param(
        {MODEL: valid_model(name=Raw("[unclosed"))},
        [
            (
                f"{M}:3:8: YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow "
                "sequence)"
            )
        ],
        id="yaml-syntax-error",
    ),
    pytest.param(
        {MODEL: with_line(valid_model(), "creator:", "  bad: indent")},
        [f"{M}:4:6: YAML syntax error: mapping values are not allowed here"],
        id="yaml-bad-indent",
    ),
    pytest.param(
        {MODEL: valid_model().replace("  en: A chat", "\ten: A chat")},
        [
            (
                f"{M}:19:1: YAML syntax error: found character '\\t' that cannot start any token "
                "(while scanning for the next token)"
            )
        ],
        id="yaml-tab-indent",
    ),
    pytest.param(
        {MODEL: with_line(valid_model(), "creator:", "name: Again")},
        [
            (
                f"{M}:4:1: name: duplicate key 'name': already set on line 2; YAML would silently "
                "keep only the last one"
            )
        ],
        id="duplicate-key",
    ),
    pytest.param(
        {MODEL: with_line(valid_model(), "creator:", "1: x")},
        [f"{M}:4:1: key '1' is not a field name; field names are plain words"],
        id="key-not-text",
    ),
    pytest.param(
        {MODEL: valid_model().encode().replace(b"creator: Open", b"creator: Op\xffen")},
        [f"{M}:3:12: file is not UTF-8: byte 0xff cannot be decoded; save the file as UTF-8"],
        id="not-utf8",
    ),
    pytest.param(
        {MODEL: valid_model(creator="Caf\u00e9").encode("latin-1")},
        [f"{M}:3:13: file is not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"],
        id="latin-1",
    ),
    pytest.param(
        # The column counts characters: the two Chinese characters are six bytes.
        {
            MODEL: valid_model(creator="\u5f00\u653e")
            .encode()
            .replace(b"\xe6\x94\xbe", b"\xe6\x94\xbe\xff")
        },
        [f"{M}:3:12: file is not UTF-8: byte 0xff cannot be decoded; save the file as UTF-8"],
        id="not-utf8-column-in-characters",
    ),
    pytest.param(
        {MODEL: b"\xef\xbb\xbf" + valid_model().encode().replace(b"# yaml", b"# yaml\xff", 1)},
        [f"{M}:1:7: file is not UTF-8: byte 0xff cannot be decoded; save the file as UTF-8"],
        id="not-utf8-after-bom",
    ),
    pytest.param(
        {MODEL: valid_model().replace("creator: Open", "creator: Op\x00en")},
        [f"{M}:3:12: file contains a NUL character; records are plain text"],
        id="nul-byte",
    ),
    pytest.param(
        {MODEL: padded_to(valid_model(), MAX_BYTES + 1)},
        [
            (
                f"{M}: file is larger than 256 KiB; a record is a few KiB: split it or remove pasted "
                "content"
            )
        ],
        id="file-too-large",
    ),
    pytest.param(
        {MODEL: schema_line("model", 2) + "\n- name: x\n"},
        [f"{M}:2:1: file holds a list; a record must be a mapping of fields (name: value)"],
        id="file-holds-list",
    ),
    pytest.param(
        {MODEL: schema_line("model", 2) + "\njust text\n"},
        [f"{M}:2:1: file holds a single value; a record must be a mapping of fields (name: value)"],
        id="file-holds-scalar",
    ),
    pytest.param(
        {MODEL: schema_line("model", 2) + "\n"},
        [f"{M}:1:1: file is empty; a record is a mapping of fields"],
        id="file-empty",
    ),
    pytest.param(
        {MODEL: ""},
        [
            f"{M}:1:1: file is empty; a record is a mapping of fields",
            f"{M}:1:1: {FIRST_LINE.format(MODEL_REF)}; it is missing",
        ],
        id="file-zero-bytes",
    ),
    pytest.param(
        {MODEL: valid_model().split("\n", 1)[1]},
        [f"{M}:1:1: {FIRST_LINE.format(MODEL_REF)}; it is missing"],
        id="schema-line-missing",
    ),
    pytest.param(
        {MODEL: valid_model().replace("model.schema.json", "quant.schema.json", 1)},
        [
            (
                f"{M}:1:1: {FIRST_LINE.format(MODEL_REF)}; it references "
                "'../../schema/quant.schema.json'"
            )
        ],
        id="schema-line-wrong-kind",
    ),
    pytest.param(
        {LICENSE: valid_license().replace("../schema", "../../schema", 1)},
        [
            (
                f"{LI}:1:1: {FIRST_LINE.format('../schema/license.schema.json')}; "
                "it references '../../schema/license.schema.json'"
            )
        ],
        id="schema-line-wrong-depth",
    ),
    pytest.param(
        {"datasets/org/set.yaml": valid_dataset(depth=1)},
        [
            (
                "catalog/datasets/org/set.yaml:1:1: "
                f"{FIRST_LINE.format('../../schema/dataset.schema.json')}; "
                "it references '../schema/dataset.schema.json'"
            )
        ],
        id="schema-line-dataset-with-org",
    ),
    # --- anchors, aliases, tags, size of the tree ---------------------------------------
    pytest.param(
        {MODEL: valid_model(creator=Raw("&who Open"))},
        [f"{M}:3:10: anchor '&who' is not allowed: {NO_ANCHORS}"],
        id="anchor",
    ),
    pytest.param(
        {MODEL: valid_model(pipeline_tag=Raw("*who"))},
        [f"{M}:34:15: alias '*who' is not allowed: {NO_ANCHORS}"],
        id="alias",
    ),
    pytest.param(
        {MODEL: valid_model(name=Raw("!!python/object:os.system x"))},
        [
            (
                f"{M}:2:7: name: tag '!!python/object:os.system' is not allowed; "
                f"{PLAIN_VALUE}"
            )
        ],
        id="python-tag",
    ),
    pytest.param(
        {MODEL: valid_model(name=Raw("!custom x"))},
        [f"{M}:2:7: name: tag '!custom' is not allowed; {PLAIN_VALUE}"],
        id="custom-tag",
    ),
    # The README promises explicit tags are refused: a standard one too, though it changes nothing.
    pytest.param(
        {MODEL: valid_model(name=Raw("!!str Open Chat"))},
        [f"{M}:2:7: name: tag '!!str' is not allowed; {PLAIN_VALUE}"],
        id="standard-tag",
    ),
    pytest.param(
        {MODEL: valid_model(context_length=Raw("!!int 4096"))},
        [f"{M}:11:17: context_length: tag '!!int' is not allowed; {PLAIN_VALUE}"],
        id="standard-tag-number",
    ),
    pytest.param(
        {MODEL: valid_model(tags=Raw("!!seq [a]"))},
        [f"{M}:34:7: tags: tag '!!seq' is not allowed; {PLAIN_VALUE}"],
        id="standard-tag-list",
    ),
    pytest.param(
        # The record itself is one level; MAX_DEPTH - 1 lists fit, one more does not.
        {MODEL: valid_model(tags=Raw("[" * MAX_DEPTH + "]" * MAX_DEPTH))},
        [
            (
                f"{M}:34:{6 + MAX_DEPTH}: values are nested more than {MAX_DEPTH} levels deep; "
                "records are shallow"
            )
        ],
        id="nesting-too-deep",
    ),
    pytest.param(
        {MODEL: valid_model(tags=Raw("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)))},
        [f"{M}:34:8: tags[0]: expected text, got a list"],
        id="nesting-at-limit-reaches-schema",
    ),
    pytest.param(
        # Events: stream, document, mapping, key, list, then items; the item past the limit
        # starts 3 characters per item after "tags: [".
        {MODEL: schema_line("model", 2) + "\ntags: [" + "a, " * MAX_EVENTS + "]\n"},
        [
            (
                f"{M}:2:{8 + 3 * (MAX_EVENTS - 5)}: file has more than {MAX_EVENTS} YAML values; a "
                "record is far smaller"
            )
        ],
        id="too-many-values",
    ),
    # --- YAML 1.1 surprises ------------------------------------------------------------
    pytest.param(
        {MODEL: valid_model(languages=["en", Raw("no")])},
        [f"{M}:14:5: languages[1]: {bool_hint('no', 'false')}"],
        id="yaml11-no-language",
    ),
    pytest.param(
        {MODEL: valid_model(name=Raw("yes"))},
        [f"{M}:2:7: name: {bool_hint('yes', 'true')}"],
        id="yaml11-yes-text",
    ),
    pytest.param(
        {MODEL: valid_model(architecture=Raw("on"))},
        [f"{M}:9:15: architecture: {bool_hint('on', 'true')}"],
        id="yaml11-on-text",
    ),
    pytest.param(
        {LICENSE: valid_license(attribution=Raw("yes"))},
        [f"{LI}:6:14: attribution: {bool_hint('yes', 'true')}"],
        id="yaml11-yes-for-bool",
    ),
    pytest.param(
        {
            GGUF: valid_gguf_quant(
                compatibility=[{"client": "llama.cpp", "min_version": Raw("1.10")}]
            )
        },
        [f"{GG}:8:18: compatibility[0].min_version: {number_hint('1.10')}"],
        id="yaml11-version-1.10",
    ),
    pytest.param(
        {MODEL: valid_model(architecture=Raw("1.10"))},
        [f"{M}:9:15: architecture: {number_hint('1.10')}"],
        id="float-into-text",
    ),
    # Number forms YAML 1.1 reads as numbers and YAML 1.2 (editors) reads otherwise.
    pytest.param(
        {MODEL: valid_model(context_length=Raw("040000"))},
        [
            f"{M}:11:17: context_length: '040000' is read by YAML 1.1 as the octal number 16384: write a "
            "decimal number without leading zeros (40000, if that is what you mean), or quote it (\"040000\") "
            "if it is text"
        ],
        id="yaml11-octal",
    ),
    pytest.param(
        {MODEL: valid_model(context_length=Raw("0x1000"))},
        [
            f"{M}:11:17: context_length: '0x1000' is read by YAML 1.1 as the hexadecimal number 4096: write it "
            "in decimal digits (4096), or quote it (\"0x1000\") if it is text"
        ],
        id="yaml11-hex",
    ),
    pytest.param(
        {MODEL: valid_model(context_length=Raw("0b1000"))},
        [
            f"{M}:11:17: context_length: '0b1000' is read by YAML 1.1 as the binary number 8: write it in "
            "decimal digits (8), or quote it (\"0b1000\") if it is text"
        ],
        id="yaml11-binary",
    ),
    pytest.param(
        {MODEL: valid_model(context_length=Raw("68:16"))},
        [
            f"{M}:11:17: context_length: '68:16' is read by YAML 1.1 as the base-60 number 4096: write 4096, "
            "or quote it (\"68:16\") if it is text (a time, a ratio)"
        ],
        id="yaml11-sexagesimal",
    ),
    pytest.param(
        {MODEL: valid_model(context_length=Raw("4_096"))},
        [
            f"{M}:11:17: context_length: '4_096' is read by YAML 1.1 as 4096 (it skips '_'), by YAML 1.2 as "
            "text: write 4096, or quote it (\"4_096\") if it is text"
        ],
        id="yaml11-underscore",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(value=Raw("5_9.5"))])},
        [
            f"{M}:22:12: scores[0].value: '5_9.5' is read by YAML 1.1 as 59.5 (it skips '_'), by YAML 1.2 as "
            "text: write 59.5, or quote it (\"5_9.5\") if it is text"
        ],
        id="yaml11-underscore-float",
    ),
    pytest.param(
        {MODEL: valid_model(name=Raw("1:30"))},
        [
            f"{M}:2:7: name: '1:30' is read by YAML 1.1 as the base-60 number 90: write 90, or quote it "
            "(\"1:30\") if it is text (a time, a ratio)"
        ],
        id="yaml11-sexagesimal-into-text",
    ),
    # --- fields ----------------------------------------------------------------------------
    pytest.param(
        {MODEL: valid_model(licence="open-license")},
        [f"{M}:34:1: licence: unknown field 'licence'; did you mean 'license'?"],
        id="unknown-field-did-you-mean",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(shot=5)])},
        [f"{M}:31:5: scores[0].shot: unknown field 'shot'; did you mean 'shots'?"],
        id="unknown-nested-field",
    ),
    pytest.param(
        {GPTQ: valid_gptq_quant(files=[gptq_branch(actorder=True)])},
        [f"{GP}:13:5: files[0].actorder: unknown field 'actorder'; did you mean 'act_order'?"],
        id="unknown-branch-field",
    ),
    pytest.param(
        {MODEL: valid_model(colour="red")},
        [f"{M}:34:1: colour: unknown field 'colour'; allowed fields: {MODEL_FIELDS}"],
        id="unknown-field-lists-allowed",
    ),
    pytest.param(
        {MODEL: with_line(valid_model(), "creator:", '"a%\\nb": x')},
        [f"{M}:4:1: a%\\nb: unknown field 'a%\\nb'; allowed fields: {MODEL_FIELDS}"],
        id="unknown-field-line-break-stays-one-line",
    ),
    pytest.param(
        {MODEL: valid_model(name=12)},
        [f"{M}:2:7: name: {number_hint('12')}"],
        id="int-into-text",
    ),
    pytest.param(
        {MODEL: valid_model(name=True)},
        [f"{M}:2:7: name: expected text, got true"],
        id="bool-into-text",
    ),
    pytest.param(
        {MODEL: valid_model(name=None)},
        [f"{M}:2:7: name: expected text, got nothing"],
        id="null-into-text",
    ),
    pytest.param(
        {MODEL: valid_model(context_length="4096")},
        [f"{M}:11:17: context_length: expected a whole number, got '4096'"],
        id="string-into-int",
    ),
    pytest.param(
        {MODEL: valid_model(context_length=4096.5)},
        [f"{M}:11:17: context_length: expected a whole number, got the number 4096.5"],
        id="float-into-int",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(value="55.25")])},
        [f"{M}:22:12: scores[0].value: expected a number, got '55.25'"],
        id="string-into-number",
    ),
    pytest.param(
        {LICENSE: valid_license(attribution="yes please")},
        [f"{LI}:6:14: attribution: expected true or false, got 'yes please'"],
        id="string-into-bool",
    ),
    pytest.param(
        {MODEL: valid_model(base_models="acme/Base-7B")},
        [f"{M}:6:14: base_models: expected a list, got 'acme/Base-7B'"],
        id="string-into-list",
    ),
    pytest.param(
        {MODEL: valid_model(summary="hello")},
        [f"{M}:18:10: summary: expected a mapping (field: value), got 'hello'"],
        id="string-into-text-mapping",
    ),
    pytest.param(
        {MODEL: valid_model(summary=DROP)},
        [f"{M}:2:1: summary: required field 'summary' is missing"],
        id="required-missing",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(source=DROP)])},
        [f"{M}:21:5: scores[0].source: required field 'source' is missing"],
        id="required-nested-missing",
    ),
    pytest.param(
        {MODEL: valid_model(sources=[])},
        [f"{M}:31:10: sources: must not be empty"],
        id="sources-empty",
    ),
    pytest.param(
        {MODEL: valid_model(name="")},
        [f"{M}:2:7: name: must not be empty"],
        id="text-empty",
    ),
    pytest.param(
        {MODEL: valid_model(name="two\nlines")},
        [f"{M}:2:7: name: 'two\\nlines' must be one line of text that is not blank"],
        id="single-line-text",
    ),
    pytest.param(
        {MODEL: valid_model(name="x" * 301)},
        [f"{M}:2:7: name: has 301 characters; at most 300 are allowed"],
        id="text-too-long",
    ),
    pytest.param(
        {MODEL: valid_model(languages=["English"])},
        [f"{M}:13:5: languages[0]: 'English' is not a language code such as 'en' or 'zh'"],
        id="language-code",
    ),
    pytest.param(
        {MODEL: valid_model(summary=text("A model.", zh_source="original"))},
        [
            (
                f"{M}:19:3: summary: zh_source is set but there is no zh text; remove zh_source or "
                "add zh"
            )
        ],
        id="zh-source-without-zh",
    ),
    # --- enumerations ---------------------------------------------------------------------
    pytest.param(
        {MODEL: valid_model(base_models=[base(relation="child")])},
        [
            (
                f"{M}:8:15: base_models[0].relation: 'child' is not allowed; expected "
                "'finetune', 'quantized', 'merge', 'adapter', 'distilled' or 'replica'"
            )
        ],
        id="enum-relation",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(source={"url": "https://e.org", "kind": "blog"})])},
        [
            (
                f"{M}:30:13: scores[0].source.kind: 'blog' is not allowed; expected "
                "'self-reported', 'paper', 'leaderboard' or 'independent'"
            )
        ],
        id="enum-score-source-kind",
    ),
    pytest.param(
        # The model refers to this broken license: only the license's own problem is reported.
        {LICENSE: valid_license(commercial_use="maybe")},
        [
            (
                f"{LI}:5:17: commercial_use: 'maybe' is not allowed; expected "
                "'allowed', 'restricted', 'forbidden' or 'unclear'"
            )
        ],
        id="enum-commercial-use",
    ),
    pytest.param(
        {MODEL: valid_model(summary=text("x", zh="y", zh_source="machine"))},
        [
            (
                f"{M}:21:14: summary.zh_source: 'machine' is not allowed; expected 'original' or "
                "'translated'"
            )
        ],
        id="enum-zh-source",
    ),
    pytest.param(
        {GGUF: valid_gguf_quant(format="hqq")},
        [f"{GG}:3:9: format: 'hqq' is not a known format; expected one of: {FORMATS}"],
        id="enum-quant-format",
    ),
    pytest.param(
        {GGUF: valid_gguf_quant(format=DROP)},
        [f"{GG}:2:1: format: required field 'format' is missing; expected one of: {FORMATS}"],
        id="quant-format-missing",
    ),
    # --- quantities -----------------------------------------------------------------------
    pytest.param(
        {GGUF: valid_gguf_quant(files=[gguf_file(size="4.77 gigs")])},
        [
            (
                f"{GG}:13:11: files[0].size: size '4.77 gigs' is not a number and unit such as '4.77 "
                "GB' or '512 MiB'"
            )
        ],
        id="size-unit-unknown",
    ),
    pytest.param(
        {GGUF: valid_gguf_quant(files=[gguf_file(size=4.77)])},
        [f"{GG}:13:11: files[0].size: size 4.77 has no unit: write it as text such as '4.77 GB'"],
        id="size-without-unit",
    ),
    pytest.param(
        {GGUF: valid_gguf_quant(files=[gguf_file(size="0 GB")])},
        [f"{GG}:13:11: files[0].size: must be greater than 0, got '0 GB'"],
        id="size-zero",
    ),
    pytest.param(
        {MODEL: valid_model(parameters="7 billion")},
        [
            (
                f"{M}:10:13: parameters: count '7 billion' is not a number and unit such as '7B' or "
                "'350M'"
            )
        ],
        id="parameters-words",
    ),
    pytest.param(
        {MODEL: valid_model(parameters=0)},
        [f"{M}:10:13: parameters: must be greater than 0, got the number 0"],
        id="parameters-zero",
    ),
    pytest.param(
        {MODEL: valid_model(parameters=7.5)},
        [f"{M}:10:13: parameters: expected a whole number, got the number 7.5"],
        id="parameters-fraction",
    ),
    pytest.param(
        {GGUF: valid_gguf_quant(files=[gguf_file(bits=64)])},
        [f"{GG}:12:11: files[0].bits: must be at most 32, got the number 64"],
        id="bits-too-many",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(shots=-1)])},
        [f"{M}:23:12: scores[0].shots: must be at least 0, got the number -1"],
        id="shots-negative",
    ),
    pytest.param(
        {GPTQ: valid_gptq_quant(files=[gptq_branch(group_size=0)])},
        [
            (
                f"{GP}:9:17: files[0].group_size: group_size 0 is not a group size: "
                "write a whole number such as 128, or 'none' for no grouping"
            )
        ],
        id="group-size-zero",
    ),
    pytest.param(
        {GPTQ: valid_gptq_quant(files=[gptq_branch(group_size="None")])},
        [
            (
                f"{GP}:9:17: files[0].group_size: group_size 'None' is not a group size: "
                "write a whole number such as 128, or 'none' for no grouping"
            )
        ],
        id="group-size-capital-none",
    ),
    pytest.param(
        {GPTQ: valid_gptq_quant(files=[gptq_branch(damp_percent=1.5)])},
        [f"{GP}:13:19: files[0].damp_percent: must be at most 1, got the number 1.5"],
        id="damp-percent-fraction",
    ),
    pytest.param(
        {BENCHMARK: valid_benchmark(range={"min": 100, "max": 0})},
        [f"{BE}:6:3: range: range min 100 must be below max 0"],
        id="benchmark-range-order",
    ),
    # --- scores against their benchmark ---------------------------------------------------
    pytest.param(
        {MODEL: valid_model(scores=[score_data(value=155)])},
        [
            (
                f"{M}:22:12: scores[0].value: 155 is outside the range of quiz (0 to 100); write it "
                "on the benchmark's scale"
            )
        ],
        id="score-above-range",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(value=0.5921)])},
        [],
        id="score-fraction-in-range-is-allowed",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(value=-1)])},
        [
            (
                f"{M}:22:12: scores[0].value: -1 is outside the range of quiz (0 to 100); write it on "
                "the benchmark's scale"
            )
        ],
        id="score-below-range",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(breakdown={"stme": 50.5, "other": 60.0})])},
        [
            (
                f"{M}:26:7: scores[0].breakdown.stme: 'stme' is not a category of quiz; did you mean "
                "'stem'?"
            )
        ],
        id="breakdown-category-did-you-mean",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(breakdown={"humanities": 50.5})])},
        [
            (
                f"{M}:26:7: scores[0].breakdown.humanities: 'humanities' is not a category of quiz; "
                "quiz defines: other, stem"
            )
        ],
        id="breakdown-category-unknown",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(breakdown={"stem": 150, "other": 60.0})])},
        [f"{M}:26:13: scores[0].breakdown.stem: 150 is outside the range of quiz (0 to 100)"],
        id="breakdown-out-of-range",
    ),
    # --- references ---------------------------------------------------------------------
    pytest.param(
        {MODEL: valid_model(license="open-licence")},
        [f"{M}:5:10: license: {dangling('license', 'licenses', 'open-licence', 'open-license')}"],
        id="dangling-license-did-you-mean",
    ),
    pytest.param(
        {LICENSE: None},
        [
            f"{BM}:5:10: license: {dangling('license', 'licenses', 'open-license')}",
            f"{M}:5:10: license: {dangling('license', 'licenses', 'open-license')}",
        ],
        id="dangling-license-every-referrer",
    ),
    pytest.param(
        {DATASET: valid_dataset(license="cc-by-sa-3.0")},
        [f"{DS}:8:10: license: {dangling('license', 'licenses', 'cc-by-sa-3.0')}"],
        id="dangling-dataset-license",
    ),
    pytest.param(
        {GGUF: valid_gguf_quant(license="llama2")},
        [f"{GG}:16:10: license: {dangling('license', 'licenses', 'llama2')}"],
        id="dangling-quant-license",
    ),
    pytest.param(
        {MODEL: valid_model(datasets=["WikiText"])},
        [f"{M}:16:5: datasets[0]: {dangling('dataset', 'datasets', 'WikiText', 'wikitext')}"],
        id="dangling-dataset-case",
    ),
    pytest.param(
        {MODEL: valid_model(base_models=[base("Acme/base-7B")])},
        [
            (
                f"{M}:7:9: base_models[0].id: "
                f"{dangling('model', 'models', 'Acme/base-7B', 'acme/Base-7B')}"
            )
        ],
        id="dangling-base-model-case",
    ),
    pytest.param(
        {MODEL: valid_model(base_models=[base("meta/Llama-2-7b")])},
        [f"{M}:7:9: base_models[0].id: {dangling('model', 'models', 'meta/Llama-2-7b')}"],
        id="dangling-base-model",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(benchmark="quizz")])},
        [f"{M}:21:16: scores[0].benchmark: {dangling('benchmark', 'benchmarks', 'quizz', 'quiz')}"],
        id="dangling-benchmark",
    ),
    pytest.param(
        {MODEL: valid_model(prompt_format="chat-ml")},
        [
            (
                f"{M}:17:16: prompt_format: "
                f"{dangling('prompt-format', 'prompt-formats', 'chat-ml', 'chatml')}"
            )
        ],
        id="dangling-prompt-format",
    ),
    pytest.param(
        {GGUF: valid_gguf_quant(prompt_format="alpaca")},
        [f"{GG}:16:16: prompt_format: {dangling('prompt-format', 'prompt-formats', 'alpaca')}"],
        id="dangling-quant-prompt-format",
    ),
    pytest.param(
        {GGUF: valid_gguf_quant(model="open/chat-7b")},
        [f"{GG}:2:8: model: {dangling('model', 'models', 'open/chat-7b', 'open/Chat-7B')}"],
        id="dangling-quant-model-case",
    ),
    pytest.param(
        {GPTQ: valid_gptq_quant(files=[gptq_branch(calibration_dataset="c4")])},
        [f"{GP}:11:26: files[0].calibration_dataset: {dangling('dataset', 'datasets', 'c4')}"],
        id="dangling-calibration-dataset",
    ),
    # --- lineage --------------------------------------------------------------------------
    pytest.param(
        {MODEL: valid_model(base_models=[base("open/Chat-7B")])},
        [f"{M}:7:9: base_models[0].id: a model cannot be its own base model"],
        id="base-model-self",
    ),
    pytest.param(
        {BASE_MODEL: valid_base_model(base_models=[base("open/Chat-7B")])},
        [
            (
                f"{BM}:11:9: base_models[0].id: base models form a cycle: acme/Base-7B -> "
                "open/Chat-7B -> acme/Base-7B"
            )
        ],
        id="base-model-2-cycle",
    ),
    pytest.param(
        {
            BASE_MODEL: valid_base_model(base_models=[base("zeta/Mid-7B")]),
            "models/zeta/Mid-7B.yaml": render(
                "model", 2, base_model_data(base_models=[base("open/Chat-7B", "merge")])
            ),
        },
        [
            (
                f"{BM}:11:9: base_models[0].id: base models form a cycle: "
                "acme/Base-7B -> zeta/Mid-7B -> open/Chat-7B -> acme/Base-7B"
            )
        ],
        id="base-model-3-cycle",
    ),
    # --- repeated entries -----------------------------------------------------------------
    pytest.param(
        {MODEL: valid_model(datasets=["wikitext", "wikitext"])},
        [f"{M}:17:5: datasets[1]: 'wikitext' is listed twice (first at datasets[0])"],
        id="repeat-dataset",
    ),
    pytest.param(
        {MODEL: valid_model(languages=["en", "en"])},
        [f"{M}:14:5: languages[1]: 'en' is listed twice (first at languages[0])"],
        id="repeat-language",
    ),
    pytest.param(
        {MODEL: valid_model(base_models=[base(), base(relation="merge")])},
        [f"{M}:9:9: base_models[1].id: 'acme/Base-7B' is listed twice (first at base_models[0])"],
        id="repeat-base-model",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(), score_data(value=50)])},
        [
            (
                f"{M}:31:5: scores[1]: a score for the same benchmark, shots, split and setting "
                "is listed twice (first at scores[0])"
            )
        ],
        id="repeat-score",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(), score_data(value=50, shots=0)])},
        [],
        id="same-benchmark-other-shots-is-allowed",
    ),
    pytest.param(
        {GGUF: valid_gguf_quant(files=[gguf_file(), gguf_file()])},
        [f"{GG}:14:11: files[1].name: 'chat-7b.Q4_K_M.gguf' is listed twice (first at files[0])"],
        id="repeat-gguf-file",
    ),
    pytest.param(
        {GPTQ: valid_gptq_quant(files=[gptq_branch(), gptq_branch(bits=8)])},
        [f"{GP}:13:13: files[1].branch: 'main' is listed twice (first at files[0])"],
        id="repeat-gptq-branch",
    ),
    pytest.param(
        {
            BENCHMARK: valid_benchmark(
                categories=[{"id": "stem", "name": text("STEM")}, {"id": "stem", "name": text("S")}]
            ),
            MODEL: valid_model(scores=[score_data(breakdown={"stem": 50.5})]),
        },
        [f"{BE}:13:9: categories[1].id: 'stem' is listed twice (first at categories[0])"],
        id="repeat-benchmark-category",
    ),
    # --- ids in paths and fields ----------------------------------------------------------
    pytest.param(
        {"models/a/b--c.yaml": valid_model()},
        [
            (
                "catalog/models/a/b--c.yaml: the path gives the id 'a/b--c', which is not a Hugging "
                f"Face repo id: {REPO_ID}"
            )
        ],
        id="path-id-double-dash",
    ),
    pytest.param(
        {"models/a/b..c.yaml": valid_model()},
        [
            (
                "catalog/models/a/b..c.yaml: the path gives the id 'a/b..c', which is not a Hugging "
                f"Face repo id: {REPO_ID}"
            )
        ],
        id="path-id-double-dot",
    ),
    pytest.param(
        {"models/a/b c.yaml": valid_model()},
        [
            (
                "catalog/models/a/b c.yaml: the path gives the id 'a/b c', which is not a Hugging "
                f"Face repo id: {REPO_ID}"
            )
        ],
        id="path-id-space",
    ),
    pytest.param(
        {"datasets/a--b.yaml": valid_dataset()},
        [
            (
                "catalog/datasets/a--b.yaml: the path gives the id 'a--b', which is not a dataset id: "
                "expected 'org/name' or 'name' as on Hugging Face"
            )
        ],
        id="path-dataset-id",
    ),
    pytest.param(
        {"licenses/MIT.yaml": valid_license()},
        [
            (
                "catalog/licenses/MIT.yaml: the path gives the id 'MIT', which is not an id: "
                "expected lower-case letters, digits, '.', '-' or '+'"
            )
        ],
        id="path-license-id-upper-case",
    ),
    pytest.param(
        {MODEL: valid_model(base_models=[base("a/b--c")])},
        [f"{M}:7:9: base_models[0].id: 'a/b--c' is not a Hugging Face repo id: {REPO_ID}"],
        id="field-repo-id-double-dash",
    ),
    pytest.param(
        {GGUF: valid_gguf_quant(model="../etc")},
        [f"{GG}:2:8: model: '../etc' is not a Hugging Face repo id: {REPO_ID}"],
        id="field-repo-id-dot-dot",
    ),
    pytest.param(
        {MODEL: valid_model(datasets=["a/.."])},
        [
            (
                f"{M}:16:5: datasets[0]: 'a/..' is not a dataset id: expected 'org/name' or 'name' as "
                "on Hugging Face"
            )
        ],
        id="field-dataset-id-dot-dot",
    ),
    pytest.param(
        {MODEL: valid_model(license="Open License")},
        [
            (
                f"{M}:5:10: license: 'Open License' is not an id: expected lower-case letters, "
                "digits, '.', '-' or '+'"
            )
        ],
        id="field-license-id",
    ),
    # --- links --------------------------------------------------------------------------
    pytest.param(
        {MODEL: valid_model(url="javascript:alert(1)")},
        [f"{M}:4:6: url: link 'javascript:alert(1)' {SCHEMES}"],
        id="link-javascript",
    ),
    pytest.param(
        {MODEL: valid_model(sources=[source("data:text/html,<b>hi</b>")])},
        [f"{M}:32:10: sources[0].url: link 'data:text/html,<b>hi</b>' {SCHEMES}"],
        id="link-data",
    ),
    pytest.param(
        {LICENSE: valid_license(url="ftp://example.org/license")},
        [f"{LI}:3:6: url: link 'ftp://example.org/license' {SCHEMES}"],
        id="link-ftp",
    ),
    pytest.param(
        {MODEL: valid_model(url="models/open/Chat-7B")},
        [f"{M}:4:6: url: link 'models/open/Chat-7B' {SCHEMES}"],
        id="link-relative",
    ),
    pytest.param(
        {MODEL: valid_model(scores=[score_data(source={"url": "javascript:x", "kind": "paper"})])},
        [f"{M}:29:12: scores[0].source.url: link 'javascript:x' {SCHEMES}"],
        id="link-nested",
    ),
    pytest.param(
        {MODEL: valid_model(url="https:///path")},
        [f"{M}:4:6: url: link 'https:///path' has no host name"],
        id="link-no-host",
    ),
    pytest.param(
        {MODEL: valid_model(url="https://e.org/a b")},
        [
            (
                f"{M}:4:6: url: link 'https://e.org/a b' contains a space, U+0020 SPACE at position 16: "
                "encode it (%20)"
            )
        ],
        id="link-space",
    ),
    pytest.param(
        {MODEL: valid_model(url="https://e.org/" + "a" * 2000)},
        [f"{M}:4:6: url: has 2014 characters; at most 2000 are allowed"],
        id="link-too-long",
    ),
    # --- files and folders ------------------------------------------------------------------
    pytest.param(
        {"models/open/Extra.yml": valid_model()},
        [
            (
                "catalog/models/open/Extra.yml: records use the .yaml extension: rename the file to "
                ".yaml"
            )
        ],
        id="yml-extension",
    ),
    pytest.param(
        {"models/open/Extra.txt": "x"},
        ["catalog/models/open/Extra.txt: only .yaml records belong under catalog/models/"],
        id="other-extension",
    ),
    pytest.param(
        {"models/Chat-7B.yaml": valid_model()},
        ["catalog/models/Chat-7B.yaml: a model record must be at catalog/models/<org>/<name>.yaml"],
        id="depth-model-too-shallow",
    ),
    pytest.param(
        {"models/a/b/c.yaml": valid_model()},
        ["catalog/models/a/b/c.yaml: a model record must be at catalog/models/<org>/<name>.yaml"],
        id="depth-model-too-deep",
    ),
    pytest.param(
        {"licenses/x/open.yaml": valid_license()},
        ["catalog/licenses/x/open.yaml: a license record must be at catalog/licenses/<id>.yaml"],
        id="depth-license",
    ),
    pytest.param(
        {"modles/open/Chat-7B.yaml": valid_model()},
        [f"catalog/modles: 'modles' is not a record folder; records go in one of: {FOLDERS}"],
        id="unknown-folder",
    ),
    pytest.param(
        {"notes.txt": "x"},
        [f"catalog/notes.txt: 'notes.txt' is not a record folder; records go in one of: {FOLDERS}"],
        id="unknown-top-level-file",
    ),
    pytest.param(
        {"models/open/chat-7b.yaml": valid_model()},
        [
            (
                "catalog/models/open/chat-7b.yaml: id 'open/chat-7b' differs only by case from "
                f"'open/Chat-7B' ({M}); ids must differ case-insensitively"
            )
        ],
        id="ids-differ-only-by-case",
    ),
    pytest.param(
        {"models/OPEN/Chat-7B.yaml": valid_model()},
        [
            (
                f"{M}: id 'open/Chat-7B' differs only by case from "
                "'OPEN/Chat-7B' (catalog/models/OPEN/Chat-7B.yaml); ids must differ case-insensitively"
            )
        ],
        id="org-differs-only-by-case",
    ),
    pytest.param(
        {"licenses/con.yaml": valid_license()},
        [
            (
                "catalog/licenses/con.yaml: the path gives the id 'con', which is a reserved file name on "
                "Windows ('con' names a device there); choose another id"
            )
        ],
        id="windows-reserved-con",
    ),
    pytest.param(
        {"models/acme/aux.yaml": valid_model()},
        [
            (
                "catalog/models/acme/aux.yaml: the path gives the id 'acme/aux', which is a reserved file "
                "name on Windows ('aux' names a device there); choose another id"
            )
        ],
        id="windows-reserved-aux",
    ),
    # --- names with translations (a Label: {en, zh, zh_source}) --------------------------
    pytest.param(
        {LICENSE: valid_license(name={"zh": "开放许可证"})},
        [f"{LI}:2:1: name.en: required field 'en' is missing"],
        id="name-label-without-english",
    ),
    pytest.param(
        {LICENSE: valid_license(name={"en": "Open", "zh": "开放", "zh_source": "maybe"})},
        [f"{LI}:5:14: name.zh_source: 'maybe' is not allowed; expected 'original' or 'translated'"],
        id="name-label-bad-source",
    ),
    pytest.param(
        {LICENSE: valid_license(name=5)},
        [f'{LI}:2:7: name: expected text, got the number 5: YAML reads an unquoted 5 as a number; quote it: "5"'],
        id="name-a-number",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_rule(tmp_path: Path, files: dict[str, str | bytes | None], expected: list[str]) -> None:
    assert problems(tmp_path, files) == expected


VALID_VARIANTS = [
    pytest.param({}, id="baseline"),
    pytest.param({MODEL: valid_model().replace("\n", "\r\n")}, id="crlf-line-endings"),
    pytest.param({MODEL: b"\xef\xbb\xbf" + valid_model().encode()}, id="utf8-bom"),
    pytest.param({MODEL: valid_model(languages=["en", "no"])}, id="quoted-no-language"),
    pytest.param({MODEL: valid_model(parameters=7000559616)}, id="parameters-exact-integer"),
    pytest.param({MODEL: valid_model(parameters="1.1B")}, id="parameters-fraction-unit"),
    pytest.param({GGUF: valid_gguf_quant(files=[gguf_file(size="4 GiB")])}, id="size-binary-unit"),
    pytest.param(
        {GPTQ: valid_gptq_quant(files=[gptq_branch(group_size="none")])}, id="group-size-none"
    ),
    pytest.param(
        {
            MODEL: valid_model(
                summary=text(
                    "A chat model.",
                    zh="\u4e00\u4e2a\u5bf9\u8bdd\u6a21\u578b\u3002",
                    zh_source="translated",
                )
            )
        },
        id="text-with-chinese",
    ),
    pytest.param({MODEL: valid_model(name=Raw("2023-10-01"))}, id="date-read-as-text"),
    pytest.param(
        {LICENSE: valid_license(name={"en": "Open License", "zh": "开放许可证", "zh_source": "translated"})},
        id="license-name-with-chinese",
    ),
    pytest.param(
        {"quants/packer/Chat-7B-fp16.yaml": valid_gguf_quant(format="fp16", files=[])},
        id="fp16-without-files",
    ),
    pytest.param({"datasets/org/set.yaml": valid_dataset(depth=2)}, id="dataset-with-org"),
    pytest.param({PROMPT_FORMAT: valid_prompt_format(stop=DROP)}, id="optional-field-absent"),
    pytest.param(
        {"README.md": "# The catalog\n", ".gitkeep": "", "models/.gitkeep": ""}, id="readme-gitkeep"
    ),
    pytest.param({MODEL: padded_to(valid_model(), MAX_BYTES)}, id="file-exactly-max-bytes"),
]


@pytest.mark.parametrize("files", VALID_VARIANTS)
def test_valid_catalog_has_no_problems(
    tmp_path: Path, files: dict[str, str | bytes | None]
) -> None:
    catalog, found = load(write_catalog(tmp_path, files))
    assert [p.text() for p in found] == []
    assert catalog.files == len(list((tmp_path / "catalog").rglob("*.yaml")))


def test_baseline_loads_every_record(tmp_path: Path) -> None:
    catalog, _ = load(write_catalog(tmp_path, {}))
    assert sorted(catalog.models) == ["acme/Base-7B", "open/Chat-7B"]
    assert sorted(catalog.quants) == ["packer/Chat-7B-GGUF", "packer/Chat-7B-GPTQ"]
    assert catalog.quants["packer/Chat-7B-GGUF"].files[0].size == 4_770_000_000
    assert catalog.models["open/Chat-7B"].parameters == 7_000_000_000
    assert list(catalog.datasets) == ["wikitext"]
    assert list(catalog.licenses) == ["open-license"]
    assert list(catalog.benchmarks) == ["quiz"]
    assert list(catalog.prompt_formats) == ["chatml"]


def test_reading_keeps_no_yaml_node_of_the_files_read(tmp_path: Path) -> None:
    # PyYAML's constructor remembers every node it built (for aliases); the reader's shared
    # constructor must forget them, or every number of every file stays in memory.
    catalog, _ = load(write_catalog(tmp_path, {}))
    assert catalog.models["open/Chat-7B"].parameters == 7_000_000_000
    assert yamlsource._CONSTRUCTOR.constructed_objects == {}


def test_billion_laughs_is_refused_at_the_first_anchor(tmp_path: Path) -> None:
    # Expanded, this file is 9**9 strings; refused before any expansion, so load() returns
    # at once (a regression would hang or exhaust memory here, not fail an assert).
    found = problems(tmp_path, {MODEL: BILLION_LAUGHS})
    assert found == [f"{M}:2:4: anchor '&a' is not allowed: {NO_ANCHORS}"]


def test_symlink_is_refused(tmp_path: Path) -> None:
    root = write_catalog(tmp_path, {})
    outside = tmp_path / "outside.yaml"
    outside.write_text(valid_model(), encoding="utf-8")
    try:
        os.symlink(outside, root / "models" / "open" / "Link-7B.yaml")
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"this platform cannot create symbolic links: {exc}")
    _, found = load(root)
    assert [p.text() for p in found] == [
        (
            "catalog/models/open/Link-7B.yaml: symbolic links are not allowed in the catalog; commit "
            "the file itself"
        )
    ]


def test_symlinked_folder_is_refused_and_not_followed(tmp_path: Path) -> None:
    root = write_catalog(tmp_path, {})
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "x").mkdir(parents=True)
    (elsewhere / "x" / "Y.yaml").write_text("not: [valid", encoding="utf-8")
    try:
        os.symlink(elsewhere / "x", root / "models" / "x", target_is_directory=True)
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"this platform cannot create symbolic links: {exc}")
    _, found = load(root)
    assert [p.text() for p in found] == [
        "catalog/models/x: symbolic links are not allowed in the catalog; commit the file itself"
    ]


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        MODEL: valid_model(name=12, license="nope", colour="red"),
        GGUF: valid_gguf_quant(files=[gguf_file(size="4.77 gigs", bits="4")]),
        LICENSE: valid_license(url="ftp://x"),
    }
    assert problems(tmp_path, files) == [
        f"{LI}:3:6: url: link 'ftp://x' {SCHEMES}",
        f"{M}:2:7: name: {number_hint('12')}",
        f"{M}:34:1: colour: unknown field 'colour'; allowed fields: {MODEL_FIELDS}",
        f"{GG}:12:11: files[0].bits: expected a whole number, got '4'",
        (
            f"{GG}:13:11: files[0].size: size '4.77 gigs' is not a number and unit such as "
            "'4.77 GB' or '512 MiB'"
        ),
    ]

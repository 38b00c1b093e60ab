"""Payloads a stranger might put into a record: each must stay text or be refused clearly.

Every payload is tried in every string field of every kind (see ``inject``). A payload
carries a marker so tests can find where it landed; none of them may ever run script,
load anything from another host, navigate away or break a table.
"""

from __future__ import annotations

from generator.schema import characters

#: Jinja marker: wherever it lands, the text between the markers stays literal.
JINJA_MARK = "J7"
JINJA_EXPR = "{{ 7*7 }}"

#: name -> payload. Names are stable: tests report them.
PAYLOADS: dict[str, str] = {
    # Raw HTML that would run script or fetch from another host if it reached the page.
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": "<svg/onload=alert(1)>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style": "<style>body{display:none}</style>",
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "base-href": '<base href="https://evil.example/">',
    "details-toggle": "<details open ontoggle=alert(1)>x</details>",
    "entities": "&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;",
    "comment": "<!-- hidden --> shown <!--<script>alert(1)</script>-->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    # Closing an element whose content browsers read as text (a page title lands in <title>).
    "rawtext-breakout": "</title></textarea></noscript></style></script><script>alert(1)</script>",
    # Links and images with script, data or foreign targets.
    "js-url": "javascript:alert(1)",
    "js-url-mixed-case": " JaVaScRiPt:alert(1)",
    "data-url": "data:text/html,<script>alert(1)</script>",
    "md-link-js": "[click](javascript:alert(1))",
    "md-image-js": "![x](javascript:alert(1))",
    "md-image-remote": "![tracker](https://evil.example/pixel.png)",
    "md-link-data": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-link-entity": "[x](&#106;avascript:alert(1)) [y](<javascript:alert(1)>)",
    "md-autolink": "<javascript:alert(1)> <https://evil.example/auto>",
    "md-link-attrs": '[x](https://ok.example/){: #__config .md-header onclick="alert(1)" }',
    "cell-attrs": "wide cell {: colspan=7 rowspan=3 }",
    # Breaking out of a quoted attribute.
    "attr-breakout": "\" onmouseover=\"alert(1)\" x=' onfocus='alert(1)' autofocus '",
    # Link values that pass an http(s) check but try to break the Markdown or HTML around them.
    "url-breakout": 'https://evil.example/"onmouseover="alert(1)',
    "url-markdown": "https://evil.example/x)[y](javascript:alert(1)",
    "url-angle": "https://evil.example/><script>alert(1)</script>",
    # Template syntax: must show as written, never evaluated.
    "jinja": f"{JINJA_MARK} {JINJA_EXPR} {{% raw %}}r{{% endraw %}} {{# c #}} {{{{ config }}}} ${{7*7}} {JINJA_MARK}",
    # Characters that reorder or hide text.
    "bidi": "Evil\u202eexe.txt\u202c name \u2066isolate\u2069",
    "zero-width": "Zero\u200bWidth\u200dJoin\u2060Word\ufeff",
    # Table breaking.
    "pipes": "a | b || c \\| d \\\\| e `f|g` trailing\\",
    "newline-cell": "row one\n| x | y |\n|---|---|\n| broken | table |",
    # Markdown structure that could set attributes, take over theme ids or render diagrams.
    "attr-list-block": 'take over\n{: #__config .md-header onclick="alert(1)" }',
    "heading-id": "## __config\n\n# __search {: #__drawer }",
    "reference-link": "[x][r] and ![i][r]\n\n[r]: javascript:alert(1)",
    "admonition": '!!! note "<img src=x onerror=alert(1)>"\n    body <script>alert(1)</script>',
    "mermaid-fence": (
        "```mermaid\ngraph LR\n"
        'A["#60;img src=x onerror=alert(1)#62;"] --> B["<img src=x onerror=alert(2)>"]\n'
        'click A call alert(3)\nclick B "javascript:alert(4)"\n```'
    ),
    "html-in-fence": "```html\n<script>alert(1)</script>\n```",
    # Round two: ways around text filters. Line breaks and control characters that Markdown
    # reads or drops only after a filter ran; an escaped backslash before a backtick; link
    # definitions inside other blocks; a backslash already where an escape is inserted;
    # protocol-relative links; classes that scripts act on. (More routes, with the site's
    # Markdown and sanitiser but without a build: test_markup_rules.BYPASSES.)
    "cr-attr-list": "p\r{: .mermaid #__config }",
    "stx-fence": '``\x02`mermaid\nA["<img src=//e.example/a>"]\n```',
    "escaped-backslash-code": "x \\\\`a`{: .mermaid } `b`",
    "definition-in-list": "- [r]: //e.example/c\n- [x][r]",
    "backslash-before-escape": "[x\\](//e.example/d)",
    "protocol-relative": "[x](//e.example/e) [y](/\\e.example/f)",
    "admonition-class": "!!! mermaid annotate\n    A",
    "fence-classes": "```{.x .annotate .mermaid}\nx\n```",
    "nested-lists": "+ + + + + x",
}

#: Payloads that contain a line break: every single-line field must refuse them.
MULTILINE = {name for name, value in PAYLOADS.items() if "\n" in value or "\r" in value}
#: Payloads with characters a one-line field refuses by category (controls, format
#: characters, separators) other than line breaks.
INVISIBLE = {
    name for name, value in PAYLOADS.items() if characters.refused_at(value.replace("\n", "").replace("\r", ""))
}

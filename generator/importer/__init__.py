"""``python -m generator import CARD.md``: draft catalog records from a Hugging Face model card.

One module per concern: ``card`` (file, front matter via huggingface_hub), ``markdown`` and
``tables`` (tolerant parsing), ``gguf`` and ``branches`` (quantizers' file tables), ``prompt``,
``benchmarks``/``scores``/``score_tables``/``score_lines``, ``facts`` (front matter values),
``resolve`` (what the catalog already has), ``records`` (YAML), ``skeletons``, ``assemble``
(all of it, card to records) and ``command`` (the CLI verb).
"""

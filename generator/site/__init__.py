"""The HTML site: building docs/ with a site builder, and the policy every built page obeys.

- ``build``: runs the builder (MkDocs) into a fresh folder and swaps it in on success.
- ``builders``: what each builder does with page file names; the record ids it reserves.
- ``html``: fixes a built page needs (escaped titles, page-relative language links).
- ``sanitize``: the allow-list every page's HTML passes through.
- ``linkcheck``: every internal link and anchor of a built site.
"""

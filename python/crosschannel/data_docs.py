"""Great Expectations' Data Docs that render offline.

GX writes pages that load jQuery, Bootstrap, bootstrap-table and Font Awesome from CDNs: offline,
the index (a table bootstrap-table fills in) is blank and the validation pages lose their status
icons. After every check, `make_offline` copies the bundled assets (`data_docs_assets/`, their
sources and licenses in its `licenses/README.md`) into the site, points every page at them, drops
the tags of libraries the pages never use (Vega, a dark theme), replaces the remote
logo with the site's own copy, and writes the data asset's name where GX leaves "None".
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ASSETS = Path(__file__).with_name("data_docs_assets")
_OFFLINE = "static/offline"

# CDN address -> bundled file, relative to the site's static/offline folder.
_BUNDLED = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery.min.js",
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": (
        "bootstrap-table-filter-control.min.js"
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css": (
        "bootstrap-table-filter-control.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css": (
        "bootstrap-table-filter-control.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "fontawesome/css/all.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": (
        "bootstrap-datepicker.min.js"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": (
        "bootstrap-datepicker.min.css"
    ),
}
_UNUSED = re.compile(
    r'<(?:script|link)[^>]*(?:src|href)="https://cdn\.jsdelivr\.net/npm/(?:vega|@forevolve/bootstrap-dark)'
    r'[^"]*"[^>]*>(?:\s*</script>)?'
)
_REMOTE_LOGO = re.compile(r"https://great-expectations-web-assets\.s3[^\"')\s]*\.png[^\"')\s]*")
_MISSING_ASSET = " Data asset: None<br>"
_INTEGRITY = re.compile(r'\s+(?:integrity="sha[0-9]+-[^"]*"|crossorigin="anonymous")')
_REMOTE = re.compile(r'(?:src|href)="(https?://[^"]+)"')


def make_offline(site: Path) -> None:
    """Bundle the assets into `site` and rewrite every page to use them (idempotent)."""
    shutil.copytree(ASSETS, site / _OFFLINE, dirs_exist_ok=True)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        rewritten = _offline_page(text, page.relative_to(site))
        if rewritten != text:
            page.write_text(rewritten, encoding="utf-8")


def _offline_page(text: str, path_in_site: Path) -> str:
    to_root = "../" * (len(path_in_site.parts) - 1)
    for address, bundled in _BUNDLED.items():
        text = text.replace(f'"{address}"', f'"{to_root}{_OFFLINE}/{bundled}"')
    # A page opened from a file has no origin: a CORS-mode load (crossorigin) of a bundled file fails,
    # and the CDN copies' integrity hashes are not the npm files'.
    text = _INTEGRITY.sub("", text)
    text = _UNUSED.sub("", text)
    text = _REMOTE_LOGO.sub(f"{to_root}static/images/logo-long.png", text)
    if path_in_site.parts[0] == "validations" and _MISSING_ASSET in text:
        # validations/<layer>/<check>/<run>/<time>/<datasource>-<check>.html
        datasource, _, asset = path_in_site.stem.partition("-")
        text = text.replace(_MISSING_ASSET, f" Data asset: {datasource}.{asset}<br>")
    return text


def remote_loads(page_text: str) -> list[str]:
    """The addresses a page would load from the network (links to documentation excepted)."""
    loads = []
    for match in _REMOTE.finditer(page_text):
        tag_start = page_text.rfind("<", 0, match.start())
        if page_text.startswith("<a ", tag_start):
            continue
        loads.append(match.group(1))
    return loads

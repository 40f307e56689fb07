#!/usr/bin/env bash
# Vendor the static front-end assets used by inteqra from the npm registry.
#
#   scripts/vendor-assets.sh           # download pinned versions with `npm pack`, copy files, verify
#   scripts/vendor-assets.sh --check   # offline: only verify every url(...) in the vendored USWDS CSS resolves
#
# To bump a package: change its *_VERSION below, set its *_INTEGRITY to "" (the
# script then prints the integrity npm reports), re-run, review the diff, and
# paste the printed integrity back in. Versions can also be overridden from the
# environment, e.g. `USWDS_VERSION=3.14.1 USWDS_INTEGRITY= scripts/vendor-assets.sh`.
#
# Requirements: bash, node + npm (reaching the npm registry), tar.
# Nothing is installed into the repository; all downloads go to a temp dir.
set -euo pipefail

USWDS_VERSION="${USWDS_VERSION-3.14.0}"
USWDS_INTEGRITY="${USWDS_INTEGRITY-sha512-kwZ50TqGszxj3+MQhm+c84hI0y8rIKoc7ZLKbuHg+8rTkFisp9lXOMRD2wclyyuYZahpADxMvaPong7bwL7cew==}"
HTMX_VERSION="${HTMX_VERSION-2.0.11}"
HTMX_INTEGRITY="${HTMX_INTEGRITY-sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA==}"
NOTO_VERSION="${NOTO_VERSION-5.3.0}"
NOTO_INTEGRITY="${NOTO_INTEGRITY-sha512-fBCog2PY7DiVVTEEqtI/Qdinx/knobHYfoGpjFXdfBX5RoJaBp1Prw2G75p0OIsdlMZg3cLo0c+YbIUYOxnQJw==}"
AXE_VERSION="${AXE_VERSION-4.14.1}"
AXE_INTEGRITY="${AXE_INTEGRITY-sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==}"

# USWDS images that are not referenced from uswds.min.css but are referenced
# from USWDS component markup (icon sprite for <svg class="usa-icon"><use ...>,
# and the images used by the official-government-website banner).
USWDS_EXTRA_IMG=(sprite.svg us_flag_small.png icon-dot-gov.svg icon-https.svg)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/internal/web/static/vendor"
USWDS_DEST="$VENDOR/uswds"
HTMX_DEST="$VENDOR/htmx"
NOTO_DEST="$VENDOR/noto-sans"
AXE_DEST="$ROOT/e2e/testdata"

# Print the url(...) targets of a CSS file, one per line, unquoted, excluding
# data: URIs and empty url() (USWDS uses `@supports (mask:url())` feature
# queries, which fetch nothing).
css_urls() {
  node -e '
    const css = require("fs").readFileSync(process.argv[1], "utf8");
    const re = /url\(\s*(?:"([^"]*)"|'"'"'([^'"'"']*)'"'"'|([^)"'"'"']*))\s*\)/g;
    let m, total = 0, data = 0, empty = 0; const out = [];
    while ((m = re.exec(css))) {
      total++;
      const u = (m[1] ?? m[2] ?? m[3] ?? "").trim();
      if (u === "") { empty++; continue; }
      if (/^data:/i.test(u)) { data++; continue; }
      out.push(u);
    }
    process.stderr.write(`url() occurrences: ${total} (empty: ${empty}, data: ${data}, file refs: ${out.length}, unique file refs: ${new Set(out).size})\n`);
    process.stdout.write([...new Set(out)].join("\n") + (out.length ? "\n" : ""));
  ' "$1"
}

# Verify that every file url() in the vendored uswds.min.css exists.
check_css() {
  local css="$USWDS_DEST/css/uswds.min.css" u f ok=0 bad=0
  [[ -f "$css" ]] || { echo "missing $css" >&2; return 1; }
  while IFS= read -r u; do
    f="${u%%[?#]*}"
    case "$f" in
      /* | *://*) echo "NOT RELATIVE: $u" >&2; bad=$((bad + 1)); continue ;;
    esac
    if [[ -f "$USWDS_DEST/css/$f" ]]; then ok=$((ok + 1)); else echo "UNRESOLVED: $u" >&2; bad=$((bad + 1)); fi
  done < <(css_urls "$css")
  echo "unique file url() refs resolved: $ok, unresolved: $bad"
  [[ $bad -eq 0 ]]
}

if [[ "${1-}" == "--check" ]]; then
  check_css
  exit
fi

TMP="$(mktemp -d /tmp/inteqra-vendor.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

# fetch NAME VERSION EXPECTED_INTEGRITY -> extracts into $TMP/<name>/package
fetch() {
  local name="$1" version="$2" want="$3" dir json file got
  dir="$TMP/$(echo "$name" | tr -c 'A-Za-z0-9.\n' '_')"
  mkdir -p "$dir"
  json="$dir/pack.json"
  (cd "$dir" && npm pack --json --silent "$name@$version" >"$json" 2>/dev/null)
  file="$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));process.stdout.write(j[0].filename)' "$json")"
  got="$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));process.stdout.write(j[0].integrity)' "$json")"
  if [[ -n "$want" && "$want" != "$got" ]]; then
    echo "integrity mismatch for $name@$version: expected $want, got $got" >&2
    exit 1
  fi
  [[ -n "$want" ]] || echo "NOTE: $name@$version integrity (pin this): $got" >&2
  tar -xzf "$dir/$file" -C "$dir"
  echo "$dir/package"
}

echo "fetching @uswds/uswds@$USWDS_VERSION, htmx.org@$HTMX_VERSION, axe-core@$AXE_VERSION" >&2
USWDS_PKG="$(fetch @uswds/uswds "$USWDS_VERSION" "$USWDS_INTEGRITY")"
HTMX_PKG="$(fetch htmx.org "$HTMX_VERSION" "$HTMX_INTEGRITY")"
AXE_PKG="$(fetch axe-core "$AXE_VERSION" "$AXE_INTEGRITY")"
NOTO_PKG="$(fetch @fontsource/noto-sans "$NOTO_VERSION" "$NOTO_INTEGRITY")"

# --- USWDS -------------------------------------------------------------------
rm -rf "$USWDS_DEST"
mkdir -p "$USWDS_DEST/css" "$USWDS_DEST/js" "$USWDS_DEST/img"
cp "$USWDS_PKG/LICENSE.md" "$USWDS_DEST/LICENSE.md"
cp "$USWDS_PKG/dist/css/uswds.min.css" "$USWDS_DEST/css/"
cp "$USWDS_PKG/dist/js/uswds.min.js" "$USWDS_DEST/js/"
if [[ -f "$USWDS_PKG/dist/js/uswds-init.min.js" ]]; then
  cp "$USWDS_PKG/dist/js/uswds-init.min.js" "$USWDS_DEST/js/"
fi
# Every image/font referenced from the CSS (paths are relative to dist/css/).
while IFS= read -r u; do
  f="${u%%[?#]*}"
  src="$USWDS_PKG/dist/css/$f"
  [[ -f "$src" ]] || { echo "USWDS CSS references missing file: $u" >&2; exit 1; }
  dst="$USWDS_DEST/css/$f"
  mkdir -p "$(dirname "$dst")"
  cp "$src" "$dst"
done < <(css_urls "$USWDS_PKG/dist/css/uswds.min.css" 2>/dev/null)
for f in "${USWDS_EXTRA_IMG[@]}"; do
  cp "$USWDS_PKG/dist/img/$f" "$USWDS_DEST/img/$f"
done

# --- htmx --------------------------------------------------------------------
rm -rf "$HTMX_DEST"
mkdir -p "$HTMX_DEST"
cp "$HTMX_PKG/dist/htmx.min.js" "$HTMX_DEST/htmx.min.js"
cp "$HTMX_PKG/LICENSE" "$HTMX_DEST/LICENSE"

# --- Noto Sans: USWDS's fonts lack ə, İ, ş, ğ and Cyrillic ----------------------
# Keep the woff2 files of the latin, latin-ext, cyrillic and cyrillic-ext
# subsets in 400, 700 and 400 italic, and one CSS file of their @font-face rules.
rm -rf "$NOTO_DEST"
mkdir -p "$NOTO_DEST/files"
cp "$NOTO_PKG/LICENSE" "$NOTO_DEST/LICENSE"
node - "$NOTO_PKG" "$NOTO_DEST" "$NOTO_VERSION" <<'JS'
const fs = require("fs");
const [pkg, dest, version] = process.argv.slice(2);
const src = ["400.css", "700.css", "400-italic.css"].map(f => fs.readFileSync(`${pkg}/${f}`, "utf8")).join("\n");
const want = new Set();
for (const s of ["latin", "latin-ext", "cyrillic", "cyrillic-ext"])
  for (const w of ["400-normal", "700-normal", "400-italic"]) want.add(`noto-sans-${s}-${w}`);
const out = [`/* Noto Sans (@fontsource/noto-sans ${version}, SIL OFL 1.1): the Latin, Latin Extended and Cyrillic\n   subsets that Azerbaijani (ə ğ ı İ ş ç ö ü) and Russian need. See ../README.md. */`];
const seen = new Set();
for (const m of src.matchAll(/\/\* (noto-sans-[a-z-]+-\d+-(?:normal|italic)) \*\/\s*(@font-face \{[\s\S]*?\})/g)) {
  const [, name, block] = m;
  if (!want.has(name) || seen.has(name)) continue;
  seen.add(name);
  out.push(block.replace(/src: url\(\.\/files\/([^)]+\.woff2)\) format\('woff2'\), url\([^)]+\) format\('woff'\);/, "src: url(files/$1) format('woff2');"));
  fs.copyFileSync(`${pkg}/files/${name}.woff2`, `${dest}/files/${name}.woff2`);
}
if (seen.size !== want.size) { console.error(`noto-sans: found ${seen.size} of ${want.size} faces`); process.exit(1); }
fs.writeFileSync(`${dest}/noto-sans.css`, out.join("\n") + "\n");
JS

# --- axe-core (e2e tests only, not served) -----------------------------------
mkdir -p "$AXE_DEST"
cp "$AXE_PKG/axe.min.js" "$AXE_DEST/axe.min.js"
cp "$AXE_PKG/LICENSE" "$AXE_DEST/axe-core.LICENSE.txt"
cp "$AXE_PKG/LICENSE-3RD-PARTY.txt" "$AXE_DEST/axe-core.LICENSE-3RD-PARTY.txt"

check_css
echo "done" >&2

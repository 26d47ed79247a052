#!/bin/sh
# Rebuilds fuzz/corpus/ from the rule fixtures and the conformance documents, then minimises
# each target's corpus with `cargo fuzz cmin` (what is committed). Run from the repository
# root: fuzz/seed-corpus.sh [/path/to/shared/conformance]
set -eu
conformance=${1:-/work/shared/conformance}
raw=$(mktemp -d)
trap 'rm -rf "$raw"' EXIT
mkdir -p "$raw/docs" "$raw/typed" "$raw/strings" "$raw/bundle"
n=0
for file in $(find core/tests/fixtures "$conformance" -name '*.json' -size -256k | sort); do
    n=$((n + 1))
    cp "$file" "$raw/docs/$n"
    # check_content_type: 0xff, then the header line, then the body.
    header="${file%.json}.content-type"
    if [ -f "$header" ]; then
        { printf '\377'; tr -d '\n' < "$header"; printf '\n'; cat "$file"; } > "$raw/typed/$n"
    else
        { printf '\000'; cat "$file"; } > "$raw/typed/$n"
    fi
    # strings: each string value of the fixtures' documents that looks like a digest, media type or URL.
    grep -o '"[a-z0-9+._-]*:[A-Za-z0-9=_-]*"\|"application/[^"]*"\|"https\?:[^"]*"' "$file" 2>/dev/null \
        | tr -d '"' | while read -r s; do printf '%s' "$s" > "$raw/strings/$(printf '%s' "$s" | sha256sum | cut -c1-16)"; done || true
done
# bundle: each fixture folder's documents together, cut by form feeds.
for dir in core/tests/fixtures/*/; do
    out="$raw/bundle/$(basename "$dir")"
    first=1
    for file in "$dir"*.json; do
        [ $first = 1 ] || printf '\014' >> "$out"
        cat "$file" >> "$out"
        first=0
    done
done
for target in parse check fix convert split; do
    mkdir -p "fuzz/corpus/$target"
    cp "$raw/docs/"* "fuzz/corpus/$target/"
    (cd fuzz && cargo +nightly fuzz cmin -s none "$target" "corpus/$target" -- -rss_limit_mb=4096)
done
for pair in check_content_type:typed strings:strings bundle:bundle; do
    target=${pair%%:*}
    mkdir -p "fuzz/corpus/$target"
    cp "$raw/${pair#*:}/"* "fuzz/corpus/$target/"
    (cd fuzz && cargo +nightly fuzz cmin -s none "$target" "corpus/$target" -- -rss_limit_mb=4096)
done
du -sh fuzz/corpus

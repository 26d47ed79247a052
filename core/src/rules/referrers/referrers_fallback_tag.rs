//! REF001: the referrers fallback tag a manifest with `subject` is listed under.

use super::super::prelude::*;

declare_rule! {
    code: "REF001",
    name: "referrers-fallback-tag",
    severity: Info,
    since: "0.1.0",
    summary: "Where this referrer is listed on registries without the referrers API.",
    why: "A manifest with `subject` is found through the subject's referrers. Registries \
          with the referrers API list it automatically; on the others (distribution v3, \
          GHCR, older registries) distribution-spec makes the pushing client maintain an \
          index under the tag `<alg>-<ref>`, the subject digest with `:` replaced by `-` \
          and the encoded part cut to 64 characters. Knowing that tag helps when a \
          signature or SBOM \"disappears\": it was pushed, but the tag was not updated \
          (or another client overwrote it).",
    how_to_fix: "Nothing to fix. If a registry lacks the referrers API, make sure the tool \
                 that pushes this manifest also updates the fallback tag (ORAS, cosign, \
                 Notation and crane do).",
    url: "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#referrers-tag-schema",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/spdx+json", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/spdx+json", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 1234}], "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682}}"#),
        valid(examples::SPDX_ARTIFACT_MANIFEST),
    ],
    check: Document(check),
}

/// The distribution-spec tag grammar: `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`.
fn is_valid_tag(tag: &str) -> bool {
    let mut chars = tag.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && tag.len() <= 128
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !matches!(ctx.kind, Kind::OciManifest | Kind::OciIndex) {
        return;
    }
    let Some(subject) = ctx.root.get("subject").filter(|m| m.value.is_object()) else {
        return;
    };
    let Some(digest) = subject.value.get("digest") else {
        return;
    };
    let Some((algorithm, encoded)) = digest.value.as_str().and_then(|d| d.split_once(':')) else {
        return;
    };
    if algorithm.is_empty() || encoded.is_empty() {
        return; // a malformed digest is the digest rules' to report
    }
    let encoded = match encoded.char_indices().nth(64) {
        Some((end, _)) => &encoded[..end],
        None => encoded,
    };
    let tag = format!("{algorithm}-{encoded}");
    let message = if is_valid_tag(&tag) {
        format!(
            "on registries without the referrers API, this manifest is found through the index \
             tagged `{tag}`, which the pushing client must update"
        )
    } else {
        format!(
            "the referrers fallback tag for this subject would be `{tag}`, which is not a valid \
             tag: on registries without the referrers API this manifest cannot be listed"
        )
    };
    out.emit(
        digest.value.range,
        Pointer::root().key("subject").key("digest"),
        message,
    );
}

//! PLT014: `unknown` as `os`/`architecture` without BuildKit's attestation annotations.

use super::super::prelude::*;

/// The annotation BuildKit puts on the index entry of an attestation manifest.
const REFERENCE_TYPE: &str = "vnd.docker.reference.type";

declare_rule! {
    code: "PLT014",
    name: "platform-unknown",
    severity: Info,
    since: "0.1.0",
    summary: "`unknown/unknown` is BuildKit's marker for attestation entries; elsewhere it names no platform.",
    why: "`unknown` is not a GOOS or GOARCH. BuildKit writes `unknown/unknown` on index \
          entries of attestation manifests, together with the annotations \
          `vnd.docker.reference.type: attestation-manifest` and \
          `vnd.docker.reference.digest`, so that runtimes never pick them as images. \
          Without those annotations, consumers (registry UIs, scanners, replication, \
          Renovate) cannot tell what the entry is, and no host will ever select it.",
    how_to_fix: "For an attestation or other non-runnable entry, add \
                 `vnd.docker.reference.type` (and `vnd.docker.reference.digest` with the \
                 image it describes), or omit `platform`; for an image, write its real \
                 `os` and `architecture`.",
    url: "https://github.com/moby/buildkit/blob/master/docs/attestations/attestation-storage.md",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "unknown", "os": "unknown"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "unknown", "os": "unknown"}, "annotations": {"vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciIndex {
        return;
    }
    for site in ctx.platform_sites() {
        if site.entry_annotation(REFERENCE_TYPE).is_some() {
            continue;
        }
        let os = site.text("os");
        let architecture = site.text("architecture");
        let (key, node) = match (os, architecture) {
            (_, Some(("unknown", node))) => ("architecture", node),
            (Some(("unknown", node)), _) => ("os", node),
            _ => continue,
        };
        let os = os.map_or("", |(text, _)| text);
        let architecture = architecture.map_or("", |(text, _)| text);
        out.emit(
            node.range,
            site.pointer.key(key),
            format!(
                "`{os}/{architecture}` names no platform; it is BuildKit's attestation marker, but this entry has no `{REFERENCE_TYPE}` annotation saying what it is"
            ),
        );
    }
}

//! ANN004: `org.opencontainers.image.*` keys are the ones OCI defines.

use super::super::prelude::*;
use crate::spec::annotations::{nearest, CONVERSION, PREDEFINED, PREFIX};

declare_rule! {
    code: "ANN004",
    name: "ann-reserved-namespace",
    severity: Warning,
    since: "0.1.0",
    summary: "Keys under `org.opencontainers.image.` are reserved for the ones the OCI Image Specification defines.",
    why: "image-spec: the `org.opencontainers.image` namespace is reserved for the image \
          spec and MUST NOT be used by other specifications or extensions. A key there \
          that the spec does not define is either a misspelling of a pre-defined key \
          (`licence`, `Created`, `build-date`), which the tools that read the real key \
          never see, or an invention that a future spec version may define differently. \
          The `org.opencontainers.image.enc.*` keys of encrypted layers (ocicrypt, used by \
          containerd's imgcrypt and podman) are let through: encryption tools require \
          them by name, so users cannot rename them.",
    how_to_fix: "Use the pre-defined key it was meant to be, or move the key to your own \
                 namespace (`com.example.builder`).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.builder": "buildkit"}}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.licence": "MIT"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "annotations": {"org.opencontainers.image.licenses": "MIT", "org.opencontainers.image.stopSignal": "SIGTERM", "org.opencontainers.image.enc.keys.jwe": "eyJwcm90ZWN0ZWQiOiJ9"}}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for map in ctx.annotation_maps() {
        for entry in map.member.value.members().unwrap_or_default() {
            let Some(suffix) = entry.key.strip_prefix(PREFIX) else {
                continue;
            };
            let ocicrypt = suffix.starts_with("enc.");
            if PREDEFINED.contains(&suffix) || CONVERSION.contains(&suffix) || ocicrypt {
                continue;
            }
            let shown: String = entry.key.chars().take(80).collect();
            let message = match nearest(suffix) {
                Some(known) => format!(
                    "`{shown}` is not a key the image spec defines; did you mean `{PREFIX}{known}`?"
                ),
                None => format!(
                    "`{shown}` is not a key the image spec defines, and `org.opencontainers.image` is reserved for those; use your own namespace (e.g. `com.example.{}`)",
                    suffix.chars().take(40).collect::<String>()
                ),
            };
            out.emit(ctx.key_range(entry), map.entry_pointer(entry), message);
        }
    }
}

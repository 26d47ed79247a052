//! PLT008: a `variant` on an architecture the OCI variant table has no row for.

use super::super::prelude::*;
use crate::spec::platforms;

declare_rule! {
    code: "PLT008",
    name: "platform-variant-arch",
    severity: Info,
    since: "0.1.0",
    summary: "A `variant` on an architecture without a row in the OCI variant table (`386`, `s390x`, `mips64le`, …) is implementation-defined.",
    why: "image-spec defines variants only for `arm`, `arm64`, `amd64`, `ppc64le` and \
          `riscv64`. For any other architecture the value means whatever its producer \
          meant: hosts do not ask for it, so a variant here only makes the entry harder to \
          match. Go's own knobs for these (`GO386=sse2`, `GOMIPS=softfloat`) have no OCI \
          spelling.",
    how_to_fix: "Omit `variant` unless the consumers of this image are known to match on it.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#platform-variants",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "386", "os": "linux", "variant": "sse2"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "386", "os": "linux"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.selectable_platform_sites() {
        let (Some(architecture), Some((variant, node))) =
            (site.str("architecture"), site.text("variant"))
        else {
            continue;
        };
        // Unknown architectures are PLT004's; table architectures are PLT007's.
        if variant.is_empty()
            || architecture == "unknown"
            || !platforms::is_known_arch(architecture)
            || platforms::table_variants(architecture).is_some()
        {
            continue;
        }
        out.emit(
            node.range,
            site.pointer.key("variant"),
            format!(
                "the OCI variant table has no row for `{architecture}`, so `{variant}` is implementation-defined and hosts will not ask for it"
            ),
        );
    }
}

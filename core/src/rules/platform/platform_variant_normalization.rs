//! PLT009: variants that platform matchers handle badly (`arm64` other than `v8`, any
//! `riscv64` or `ppc64le` variant).

use super::super::prelude::*;
use crate::spec::platforms;

declare_rule! {
    code: "PLT009",
    name: "platform-variant-normalization",
    severity: Info,
    since: "0.1.0",
    summary: "Variants on `arm64` (other than `v8`), `riscv64` and `ppc64le` are matched unreliably by clients.",
    why: "Hosts ask for a platform without a variant, or with a default one, and the \
          fallback from a host's variant to compatible image variants is only reliable for \
          `amd64` and `arm` (tianon's survey in debuerreotype#191, image-spec#1172). \
          containerd normalizes `arm64/v8` to no variant, but an entry published as \
          `riscv64/rva20u64`, `ppc64le/power8` or `arm64/v8.2` can be skipped by a host \
          that asks for the plain architecture (`wanted linux/riscv64, actual: \
          linux/riscv64/rva20u64`). The values are valid per the table; this is a \
          portability note.",
    how_to_fix: "Omit `variant` when it is the architecture's baseline (`arm64` `v8`, \
                 `riscv64` `rva20u64`, `ppc64le` `power8`); publish a variant-less entry \
                 next to the specific ones if you need both.",
    url: "https://github.com/opencontainers/image-spec/pull/1172",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "riscv64", "os": "linux", "variant": "rva20u64"}}]}"#),
        valid(examples::OCI_INDEX_ARM64_V8),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_index() {
        return;
    }
    for site in ctx.platform_sites() {
        let (Some(architecture), Some((variant, node))) =
            (site.str("architecture"), site.text("variant"))
        else {
            continue;
        };
        // Values outside the table are PLT007's.
        if !platforms::is_table_variant(architecture, variant) {
            continue;
        }
        let baseline = match architecture {
            "arm64" if variant == "v8" => continue,
            "arm64" => "v8",
            "riscv64" => "rva20u64",
            "ppc64le" => "power8",
            _ => continue,
        };
        let advice = if variant == baseline {
            format!("as `{variant}` is the baseline, omitting `variant` is matched more widely")
        } else {
            "consider also publishing an entry without `variant`".to_owned()
        };
        out.emit(
            node.range,
            site.pointer.key("variant"),
            format!(
                "clients asking for `{architecture}` without a variant may not select `{architecture}/{variant}`; {advice}"
            ),
        );
    }
}

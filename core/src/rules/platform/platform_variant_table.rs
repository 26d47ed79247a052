//! PLT007: `variant`, for an architecture the OCI variant table covers, is one of its values.

use super::super::prelude::*;
use crate::spec::platforms;

declare_rule! {
    code: "PLT007",
    name: "platform-variant-table",
    severity: Warning,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "`variant` should be a value from the OCI Platform Variants table (`arm` `v6`/`v7`/`v8`, `arm64` `v8`, `v8.1`…, `amd64` `v1`…`v4`, …).",
    why: "Variants are matched as strings. image-spec says indexes and configs SHOULD use \
          the values of its Platform Variants table; others are implementation-defined and \
          SHOULD follow the Go analog (GOARM, GOARM64, GOAMD64, GOPPC64, GORISCV64). \
          containerd understands `v7` but not `armv7l` or `7`, and containers/image \
          compares literally, so an `arm` image published as `armv7l` is not selected for a \
          `linux/arm/v7` host. `arm` `v5` (Debian armel, Go's GOARM=5) is not in the table \
          but is Go's own spelling and widely used, so it is accepted.",
    how_to_fix: "Use the table's spelling: `v6`, `v7`, `v8` for `arm`; `v8`, `v8.1`…`v9.5` \
                 for `arm64`; `v1`…`v4` for `amd64`; `power8`, `power9`, `power10` for \
                 `ppc64le`; `rva20u64`, `rva22u64`, `rva23u64` for `riscv64`. The fix \
                 rewrites a common alias (`armv7l`, `7`, `x86-64-v3`) to its table value.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#platform-variants",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "arm", "os": "linux", "variant": "armv7l"}}]}"#),
        invalid(r#"{"architecture": "arm", "os": "linux", "variant": "7", "rootfs": {"type": "layers", "diff_ids": []}}"#, content_type: "application/vnd.oci.image.config.v1+json"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682, "platform": {"architecture": "arm", "os": "linux", "variant": "v5"}}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "size": 7682, "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}}]}"#),
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
        let Some(table) = platforms::table_variants(architecture) else {
            continue;
        };
        if variant.is_empty()
            || table.contains(&variant)
            || (architecture, variant) == ("arm", "v5")
        {
            continue;
        }
        let listed = table
            .iter()
            .take(6)
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let more = if table.len() > 6 { ", …" } else { "" };
        let suggestion = suggest(architecture, variant);
        let message = match &suggestion {
            Some(better) => format!(
                "`{variant}` is not in the OCI variant table for `{architecture}`; write `{better}`"
            ),
            None => format!(
                "`{variant}` is not in the OCI variant table for `{architecture}` ({listed}{more}); hosts matching by the table will not select it"
            ),
        };
        let diagnostic = out.emit(node.range, site.pointer.key("variant"), message);
        if let Some(better) = suggestion {
            diagnostic.fix(
                FixSafety::Unsafe,
                format!("Replace `{variant}` with `{better}`"),
                vec![ctx.editor().replace_string(node, &better)],
            );
        }
    }
}

/// The table spelling of a common variant alias, if there is one.
fn suggest(architecture: &str, variant: &str) -> Option<String> {
    let lower = variant.to_ascii_lowercase();
    let trimmed = lower
        .trim_start_matches("armv")
        .trim_end_matches('l')
        .trim_start_matches('v');
    let candidate = match architecture {
        "arm" => match lower.as_str() {
            "armel" | "armv5tel" | "armv5te" => "v5".to_owned(),
            "armhf" => "v7".to_owned(),
            _ => format!("v{trimmed}"),
        },
        "arm64" => match trimmed {
            "8.0" | "8" | "8a" | "8-a" => "v8".to_owned(),
            other => format!("v{other}"),
        },
        "amd64" => {
            let level = lower
                .trim_start_matches("x86-64-")
                .trim_start_matches("x86_64_");
            format!("v{}", level.trim_start_matches('v'))
        }
        "ppc64le" => {
            let level = lower.trim_start_matches("power");
            format!("power{level}")
        }
        _ => lower.clone(),
    };
    let accepted = platforms::is_table_variant(architecture, &candidate)
        || (architecture, candidate.as_str()) == ("arm", "v5");
    (accepted && candidate != variant).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("arm", "armv7l").as_deref(), Some("v7"));
        assert_eq!(suggest("arm", "7").as_deref(), Some("v7"));
        assert_eq!(suggest("arm", "armv6").as_deref(), Some("v6"));
        assert_eq!(suggest("arm", "armel").as_deref(), Some("v5"));
        assert_eq!(suggest("arm64", "v8.0").as_deref(), Some("v8"));
        assert_eq!(suggest("arm64", "8").as_deref(), Some("v8"));
        assert_eq!(suggest("arm64", "V8.2").as_deref(), Some("v8.2"));
        assert_eq!(suggest("amd64", "x86-64-v3").as_deref(), Some("v3"));
        assert_eq!(suggest("amd64", "2").as_deref(), Some("v2"));
        assert_eq!(suggest("ppc64le", "POWER9").as_deref(), Some("power9"));
        assert_eq!(suggest("ppc64le", "9").as_deref(), Some("power9"));
        assert_eq!(suggest("riscv64", "RVA22U64").as_deref(), Some("rva22u64"));
        assert_eq!(suggest("arm", "cortex-a9"), None);
        assert_eq!(suggest("arm64", "v8"), None);
    }
}

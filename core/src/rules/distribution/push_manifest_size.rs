//! DST002: the manifest fits the registries' 4 MiB limit.

use super::super::prelude::*;

declare_rule! {
    code: "DST002",
    name: "push-manifest-size",
    covers: ["push-manifest-size", "desc-data-portability"],
    severity: Warning,
    since: "0.1.0",
    summary: "A manifest or index larger than 4 MiB is refused by most registries and clients.",
    why: "distribution, zot, ECR and containers/image cap manifests at 4 MiB (distribution \
          answers `MANIFEST_INVALID` / `413`, podman `manifest too big`). Large embedded \
          `data` and indexes with thousands of entries are the usual cause.",
    how_to_fix: "Move embedded `data` out into blobs, or split the index into nested \
                 indexes.",
    url: "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pushing-manifests",
    examples: [
        valid(examples::OCI_INDEX_EMPTY),
        invalid(examples::OCI_INDEX_EMPTY, pad_to: LIMIT + 1),
    ],
    check: Document(check),
}

/// 4 MiB: the limit of distribution (`maxManifestBodySize`), zot, ECR and containers/image.
const LIMIT: usize = 4 * 1024 * 1024;

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !(ctx.kind.is_image_manifest()
        || ctx.kind.is_index()
        || ctx.kind == Kind::OciArtifactManifest)
    {
        return;
    }
    let size = ctx.document.source.len();
    if size > LIMIT {
        out.emit(
            TextRange::new(0, 1),
            Pointer::root(),
            format!(
                "this {} is {size} bytes ({:.1} MiB); registries and clients refuse manifests over 4 MiB",
                ctx.kind.as_str(),
                size as f64 / (1024.0 * 1024.0)
            ),
        );
    }
}

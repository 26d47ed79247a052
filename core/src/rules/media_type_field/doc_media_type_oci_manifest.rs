//! MTF002: an OCI image manifest's `mediaType`, when present, is exactly the manifest type.

use super::super::prelude::*;
use crate::spec::media_types as mt;

declare_rule! {
    code: "MTF002",
    name: "doc-media-type-oci-manifest",
    severity: Error,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "An OCI image manifest's `mediaType`, when present, must be exactly `application/vnd.oci.image.manifest.v1+json`.",
    why: "image-spec: when used, `mediaType` MUST be `application/vnd.oci.image.manifest.v1+json`. \
          Registries compare it as an exact string: distribution refuses anything else \
          with `if present, mediaType in manifest should be 'application/vnd.oci.image.manifest.v1+json' not '…'`, \
          and Quay's schema pins the value with an enum. A `; charset=utf-8` suffix, a \
          different letter case or a config type in this field all make the push fail.",
    how_to_fix: "Write `\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\"`. If \
                 the value names another format on purpose (a Docker manifest, an index), \
                 convert the document to that format instead. The fix writes the OCI \
                 manifest type.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json; charset=utf-8", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": []}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.config.v1+json", "config": {}, "layers": []}"#, content_type: "application/vnd.oci.image.manifest.v1+json"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {}, "layers": []}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest {
        return;
    }
    let mark = out.mark();
    ctx.check_own_media_type(out, mt::OCI_MANIFEST, "an OCI image manifest");
    let Some(member) = ctx.root.get("mediaType") else {
        return;
    };
    for diagnostic in out.since(mark) {
        diagnostic.fix(
            FixSafety::Unsafe,
            format!("Set `mediaType` to `{}`", mt::OCI_MANIFEST),
            vec![ctx.editor().replace_string(&member.value, mt::OCI_MANIFEST)],
        );
    }
}

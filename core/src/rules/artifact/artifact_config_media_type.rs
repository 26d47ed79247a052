//! ART002: an artifact does not wear an OCI image config.

use super::super::prelude::*;
use crate::spec::media_types as mt;

declare_rule! {
    code: "ART002",
    name: "artifact-config-media-type",
    severity: Warning,
    since: "0.1.0",
    summary: "An artifact (no filesystem layer) must not use the OCI image config type for `config`.",
    why: "image-spec: when non-image content is packaged in an image manifest, \
          `config.mediaType` \"MUST be set to a value specific to the artifact type or the \
          empty value\"; artifacts-guidance.md calls the image-config disguise \
          non-conformant. A manifest typed as an image whose layers are signatures, \
          attestations or charts is picked by runtimes and image tools as an image and \
          fails there: containerd `number of layers and diffIDs don't match`, Docker \
          `unsupported media type …`. cosign's signatures, attestations and SBOMs (before \
          v3) and BuildKit's attestation manifests have this shape by design: those are \
          recognised (the report's `role` and `convention`) and not reported here.",
    how_to_fix: "Set `config` to the empty descriptor (`application/vnd.oci.empty.v1+json`, \
                 `sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a`, \
                 size 2) and `artifactType` to the artifact's type, or use a config type \
                 specific to the artifact. The manifest gets a new digest.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidelines-for-artifact-usage",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 233}, "layers": [{"mediaType": "application/vnd.wasm.content.layer.v1+wasm", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 242}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 233}, "layers": [{"mediaType": "application/vnd.dev.cosign.simplesigning.v1+json", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 242}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.dev.cosign.simplesigning.v1+json", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.dev.cosign.simplesigning.v1+json", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 242}]}"#),
        valid(examples::OCI_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest {
        return;
    }
    // cosign's signatures, attestations and SBOMs before v3, and BuildKit's attestation
    // manifests, wear the image config by design: the report's `role` and `convention` say
    // what they are, and calling them malformed artifacts helps no one.
    let convention = crate::role::recognise(ctx.kind, ctx.root).convention;
    if convention.is_some_and(|c| c.wears_image_config()) {
        return;
    }
    let Some(member) = ctx
        .root
        .get("config")
        .and_then(|c| c.value.get("mediaType"))
        .filter(|m| m.value.as_str() == Some(mt::OCI_CONFIG))
    else {
        return;
    };
    let Some(layer_types) = ctx.artifact_layer_types() else {
        return;
    };
    let shown = layer_types
        .iter()
        .take(3)
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let more = if layer_types.len() > 3 { ", …" } else { "" };
    out.emit(
        member.value.range,
        Pointer::root().key("config").key("mediaType"),
        format!(
            "the config says container image, but no layer is a filesystem layer ({shown}{more}): \
             this is an artifact, and an artifact's config must be the empty descriptor or a \
             type of its own"
        ),
    );
}

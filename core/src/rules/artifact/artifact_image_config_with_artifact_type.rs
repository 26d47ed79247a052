//! ART005: `artifactType` on a manifest whose config is an OCI image config.

use super::super::prelude::*;
use crate::spec::media_types as mt;

declare_rule! {
    code: "ART005",
    name: "artifact-image-config-with-artifact-type",
    severity: Info,
    since: "0.1.0",
    summary: "`artifactType` is set on a manifest whose config is an OCI image config.",
    why: "This is allowed, but the two say different things: `artifactType` says artifact, \
          while image tools (runtimes, `docker pull`, scanners) decide by \
          `config.mediaType` and will treat the manifest as a runnable image. The \
          referrers API shows it under `artifactType`, so a registry UI and a runtime see \
          two different kinds of object.",
    how_to_fix: "If this is an artifact, give `config` the empty descriptor or an artifact \
                 config type. If it is an image, `artifactType` is probably unintended; \
                 remove it.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example.app", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}]}"#),
        valid(examples::OCI_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest {
        return;
    }
    let config_type = ctx
        .root
        .get("config")
        .and_then(|c| c.value.get("mediaType"))
        .and_then(|m| m.value.as_str());
    if config_type != Some(mt::OCI_CONFIG) {
        return;
    }
    let Some(member) = ctx.root.get("artifactType") else {
        return;
    };
    let Some(artifact_type) = member.value.as_str().filter(|s| !s.is_empty()) else {
        return;
    };
    // With no filesystem layer at all, `artifact-config-media-type` warns instead.
    if ctx.artifact_layer_types().is_some() {
        return;
    }
    out.emit(
        member.value.range,
        Pointer::root().key("artifactType"),
        format!(
            "`artifactType` `{artifact_type}` marks this as an artifact, but its config is an OCI \
             image config, so runtimes and image tools still treat it as a runnable image"
        ),
    );
}

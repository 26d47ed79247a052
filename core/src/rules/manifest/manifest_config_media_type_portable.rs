//! MAN006: an OCI manifest whose layers are filesystem layers uses the OCI image config type.

use super::super::prelude::*;
use crate::spec::media_types as mt;

declare_rule! {
    code: "MAN006",
    name: "manifest-config-media-type-portable",
    severity: Warning,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "A container image's `config.mediaType` should be `application/vnd.oci.image.config.v1+json`.",
    why: "image-spec: \"Manifests for container images concerned with portability SHOULD \
          use\" the OCI image config type, the only one implementations MUST support. A \
          manifest whose layers are all filesystem tars but whose config has another type \
          looks like an image to a person and like an artifact to the tools: podman \
          answers `unsupported image-specific operation on artifact with type …`, \
          containerd does not recognise the config, Docker's pull refuses most such types \
          (`unsupported media type …`), and Quay stores it as a non-image artifact.",
    how_to_fix: "If this is a container image, set `config.mediaType` to \
                 `application/vnd.oci.image.config.v1+json` (the config blob and its \
                 digest stay; it must be an OCI image config): the fix does that. If it is \
                 an artifact, set `artifactType` to say so instead.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}]}"#),
        valid(examples::OCI_IMAGE_MANIFEST),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.cncf.helm.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest || !ctx.looks_like_mistyped_image() {
        return;
    }
    let Some(member) = ctx
        .root
        .get("config")
        .and_then(|c| c.value.get("mediaType"))
    else {
        return;
    };
    let config_type = member.value.as_str().unwrap_or_default();
    let diagnostic = out.emit(
        member.value.range,
        Pointer::root().key("config").key("mediaType"),
        format!(
            "every layer is a filesystem layer, so this looks like a container image, but its \
             config is `{config_type}`: runtimes treat it as an artifact and will not run it; an \
             image's config is `{}`",
            mt::OCI_CONFIG
        ),
    );
    diagnostic.fix(
        FixSafety::Unsafe,
        format!("Set `config.mediaType` to `{}`", mt::OCI_CONFIG),
        vec![ctx.editor().replace_string(&member.value, mt::OCI_CONFIG)],
    );
}

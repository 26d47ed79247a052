//! ART003: an artifact without `artifactType` is known by its `config.mediaType`.

use super::super::prelude::*;
use crate::spec::media_types as mt;

declare_rule! {
    code: "ART003",
    name: "artifact-type-fallback",
    severity: Info,
    since: "0.1.0",
    summary: "An artifact without `artifactType` is typed by its `config.mediaType`.",
    why: "Artifacts packaged before image-spec 1.1 (Helm charts, WASM modules, BuildKit \
          caches) have no `artifactType`; image-spec tells tools to fall back to \
          `config.mediaType`, and the distribution-spec referrers API does the same when it \
          lists this manifest. Nothing is wrong, but that is the type registries and \
          `oras discover --artifact-type` filters will show and match.",
    how_to_fix: "Nothing to do. To state the type explicitly (and filter on it in the \
                 referrers API), add `artifactType` at the top level.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidelines-for-artifact-usage",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.cncf.helm.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 117}, "layers": [{"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 3617}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.cncf.helm.chart.v1", "config": {"mediaType": "application/vnd.cncf.helm.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 117}, "layers": [{"mediaType": "application/vnd.cncf.helm.chart.content.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 3617}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest {
        return;
    }
    let has_artifact_type = ctx
        .root
        .get("artifactType")
        .and_then(|m| m.value.as_str())
        .is_some_and(|s| !s.is_empty());
    if has_artifact_type {
        return;
    }
    let Some(member) = ctx
        .root
        .get("config")
        .and_then(|c| c.value.get("mediaType"))
    else {
        return;
    };
    let Some(config_type) = member.value.as_str() else {
        return;
    };
    // Images, the empty config (where `artifactType` is required) and configs that make the
    // manifest look like a mistyped image are other rules' business.
    if config_type.is_empty()
        || matches!(
            config_type,
            mt::OCI_CONFIG | mt::DOCKER_CONFIG | mt::OCI_EMPTY | mt::OCI_SCRATCH_PRERELEASE
        )
        || ctx.looks_like_mistyped_image()
    {
        return;
    }
    out.emit(
        member.value.range,
        Pointer::root().key("config").key("mediaType"),
        format!(
            "this artifact has no `artifactType`, so tools and the referrers API use its config \
             type `{config_type}` as its type"
        ),
    );
}

//! DKR002: a Docker manifest's config is a Docker image (or plugin) config.

use super::super::prelude::*;
use crate::spec::media_types::{self as mt, Role};

declare_rule! {
    code: "DKR002",
    name: "docker-manifest-config-media-type",
    severity: Warning,
    since: "0.1.0",
    summary: "A Docker manifest's `config.mediaType` should be `application/vnd.docker.container.image.v1+json`.",
    why: "The Docker spec says the config type \"should generally be\" the Docker image \
          config; the only other type it defines is `application/vnd.docker.plugin.v1+json` \
          for managed plugins. Quay pins the value (`'…' is not one of \
          ['application/vnd.docker.container.image.v1+json']`), and dockerd pulls only \
          image configs (Docker's, OCI's, or untyped) and refuses others (`Encountered \
          remote \"…\"(unknown) when fetching`). The OCI image config type is read by \
          Docker, containerd and podman (containers/image checks only layer types in a \
          Docker manifest), so it is a warning here rather than an error; OCI layer types \
          are the error (`mixed-docker-manifest-oci-descriptors`). Non-image content \
          (Helm charts, signatures, SBOMs, the OCI empty config) belongs in an OCI \
          manifest, whose `artifactType` and config type are free.",
    how_to_fix: "For an image, type the config `application/vnd.docker.container.image.v1+json` \
                 (an OCI-typed image config keeps its blob and digest), or convert the whole \
                 manifest to OCI. For anything else, publish an OCI image manifest with its \
                 own config type or `artifactType`.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#image-manifest-field-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.cncf.helm.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 117}, "layers": []}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": []}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.plugin.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 117}, "layers": []}"#),
        valid(examples::DOCKER_MANIFEST_NO_LAYERS),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerManifest || ctx.header_contradicts_body() {
        return;
    }
    let Some(config) = ctx.root.get("config").filter(|m| m.value.is_object()) else {
        return;
    };
    let Some(member) = config.value.get("mediaType") else {
        return;
    };
    let Some(value) = member.value.as_str() else {
        return;
    };
    if value.is_empty() || value == mt::DOCKER_CONFIG || value == mt::DOCKER_PLUGIN_CONFIG {
        return;
    }
    let message = match value {
        mt::OCI_CONFIG => format!(
            "`{value}` is the OCI config type inside a Docker manifest (a mixed image); Docker, containerd and podman read it but Quay refuses it; use `{}` (same blob, same digest) or convert the manifest to OCI",
            mt::DOCKER_CONFIG
        ),
        mt::OCI_EMPTY => format!(
            "`{value}` is OCI's empty config for artifacts; a Docker manifest has no artifact form (dockerd refuses to pull it), so publish this as an OCI manifest with `artifactType`"
        ),
        _ => {
            let what = match mt::role(value) {
                Role::Layer => "a layer type, not a config type",
                Role::Manifest | Role::Index => "a manifest type, not a config type",
                _ => "not a Docker image config type",
            };
            format!(
                "`{value}` is {what}; a Docker manifest's config should be `{}` (Quay refuses anything else, and dockerd will not pull it as an image)",
                mt::DOCKER_CONFIG
            )
        }
    };
    out.emit(
        member.value.range,
        Pointer::root().key("config").key("mediaType"),
        message,
    );
}

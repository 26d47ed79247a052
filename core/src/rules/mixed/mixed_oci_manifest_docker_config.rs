//! MIX001: an OCI image manifest whose config is typed as a Docker image config.

use super::super::prelude::*;
use crate::spec::media_types as mt;
use crate::transform::convert::Format;

declare_rule! {
    code: "MIX001",
    name: "mixed-oci-manifest-docker-config",
    severity: Warning,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "An OCI image manifest should type its config as `application/vnd.oci.image.config.v1+json`, not as a Docker config.",
    why: "image-spec lets a manifest carry any config type (an unknown one makes it an \
          artifact), but OCI image tooling recognises images by the OCI config type. \
          podman, buildah, skopeo and CRI-O refuse to run such a \"mixed\" image: \
          `invalid mixed OCI image with Docker v2s2 config \
          (\"application/vnd.docker.container.image.v1+json\")` (the Docker Hub `ubuntu` \
          images of February 2023, kubevirt's containerdisks in podman#22196), and Quay \
          before June 2024 refused the push. Docker, containerd and Docker Hub accept it, \
          which is why it goes unnoticed until someone pulls with podman.",
    how_to_fix: "Set `config.mediaType` to `application/vnd.oci.image.config.v1+json` and \
                 keep `digest` and `size`: the config blob stays the same (OCI readers then \
                 ignore Docker-only config fields such as `Healthcheck`). In \
                 go-containerregistry that is `mutate.ConfigMediaType(img, \
                 types.OCIConfigJSON)`. The manifest's own digest changes.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 329, "digest": "sha256:7760637f74788fa570057d4c2e7b5c21d996863744d6049807c218f01154fa74"}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 20787697, "digest": "sha256:97565d0bbd9530b3349cabff269322e8686a4f3add243e72814ba51630e49be9"}]}"#),
        valid(examples::OCI_IMAGE_MANIFEST_SIZE_FIRST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest || ctx.header_contradicts_body() {
        return;
    }
    let Some(config) = ctx.root.get("config").filter(|m| m.value.is_object()) else {
        return;
    };
    let Some(member) = config.value.get("mediaType") else {
        return;
    };
    if member.value.as_str() != Some(mt::DOCKER_CONFIG) {
        return;
    }
    let diagnostic = out.emit(
        member.value.range,
        Pointer::root().key("config").key("mediaType"),
        format!(
            "an OCI manifest with a Docker config type is a \"mixed\" image: podman, buildah and CRI-O refuse it (\"invalid mixed OCI image with Docker v2s2 config\"); use `{}`, the blob and its digest stay the same",
            mt::OCI_CONFIG
        ),
    );
    diagnostic.fix(
        FixSafety::Unsafe,
        "Make the image fully OCI: type the config (and any Docker layer) with its OCI name; the blobs and their digests stay",
        ctx.convert_edits(Format::Oci),
    );
}

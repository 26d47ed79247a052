//! MIX003: a Docker schema 2 manifest whose config or layers carry OCI types.

use super::super::prelude::*;
use super::super::DescriptorRole;
use crate::spec::media_types::{self as mt, Family};
use crate::transform::convert::Format;

declare_rule! {
    code: "MIX003",
    name: "mixed-docker-manifest-oci-descriptors",
    severity: Error,
    fix: Always(Unsafe),
    since: "0.1.0",
    summary: "A Docker schema 2 manifest must not describe its layers with OCI media types.",
    why: "The Docker schema 2 format has its own config and layer types. distribution, \
          Docker and containerd accept OCI types inside it, but podman, skopeo, buildah, \
          CRI-O and OpenShift refuse to read the manifest (`unsupported docker v2s2 media \
          type: \"application/vnd.oci.image.layer.v1.tar+gzip\"`, cilium#13429; a PR to \
          relax this was closed), and Quay's schema refuses OCI config and layer types in \
          a Docker manifest. Such mixes come from tools that edit images by hand (kaniko, \
          ggcr `mutate`), and kaniko forks now refuse to write them (`manifest mixes OCI and \
          docker media types`). An OCI-typed config alone is read by podman and Docker and \
          is reported as a warning by `docker-manifest-config-media-type`.",
    how_to_fix: "Convert the whole manifest to OCI (preferred: set `mediaType` to \
                 `application/vnd.oci.image.manifest.v1+json` and the config and layer \
                 types to their OCI names; blobs and their digests stay), or map the OCI \
                 types back to Docker ones (impossible for `+zstd` and for OCI-only content \
                 such as the empty config). Either way the manifest's digest changes.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#image-manifest-field-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1512, "digest": "sha256:7760637f74788fa570057d4c2e7b5c21d996863744d6049807c218f01154fa74"}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 2811478, "digest": "sha256:97565d0bbd9530b3349cabff269322e8686a4f3add243e72814ba51630e49be9"}]}"#),
        invalid(r#"{"schemaVersion": 2, "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1512, "digest": "sha256:7760637f74788fa570057d4c2e7b5c21d996863744d6049807c218f01154fa74"}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+zstd", "size": 2811478, "digest": "sha256:97565d0bbd9530b3349cabff269322e8686a4f3add243e72814ba51630e49be9"}]}"#, content_type: "application/vnd.docker.distribution.manifest.v2+json"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1512, "digest": "sha256:7760637f74788fa570057d4c2e7b5c21d996863744d6049807c218f01154fa74"}, "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 2811478, "digest": "sha256:97565d0bbd9530b3349cabff269322e8686a4f3add243e72814ba51630e49be9"}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 1512, "digest": "sha256:7760637f74788fa570057d4c2e7b5c21d996863744d6049807c218f01154fa74"}, "layers": []}"#, content_type: "application/vnd.docker.distribution.manifest.v2+json"),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::DockerManifest || ctx.header_contradicts_body() {
        return;
    }
    for (site, member, value) in ctx.media_types_of(DescriptorRole::Layer) {
        if mt::family(value) != Family::Oci {
            continue;
        }
        // `+zstd` has only containerd's non-standard Docker name.
        let message = match mt::oci_to_docker(value).filter(|d| mt::is_standard_docker_layer(d)) {
            Some(docker) => format!(
                "`{value}` is an OCI layer type inside a Docker schema 2 manifest; podman refuses it (\"unsupported docker v2s2 media type\") and so does Quay; convert the manifest to OCI, or use the Docker type `{docker}`"
            ),
            None => format!(
                "`{value}` is an OCI layer type with no standard Docker equivalent, inside a Docker schema 2 manifest; podman and Quay refuse it; convert the manifest to OCI"
            ),
        };
        out.emit(
            member.value.range,
            site.pointer.part(Part::MediaType),
            message,
        )
        .fix(
            FixSafety::Unsafe,
            "Convert the manifest to OCI (its Docker types take their OCI names; the blobs stay)",
            ctx.convert_edits(Format::Oci),
        );
    }
}

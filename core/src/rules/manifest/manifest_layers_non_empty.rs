//! MAN003: an OCI image manifest has at least one layer.

use super::super::fixes;
use super::super::prelude::*;
use crate::kind::media_type;

declare_rule! {
    code: "MAN003",
    name: "manifest-layers-non-empty",
    covers: ["manifest-layers-non-empty", "artifact-single-layer"],
    severity: Error,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "An OCI image manifest should have at least one layer; image-spec's JSON schema requires one.",
    why: "The prose says \"For portability, `layers` SHOULD have at least one entry\" and, \
          for artifacts, \"a single layer SHOULD be included\"; the JSON schema makes it a \
          requirement (`minItems: 1`), and image-spec's own schema test expects `\"layers\": []` \
          to fail, so ocilint reports it as an error like the schema does. \
          Registries that validate against that schema refuse such manifests, and the \
          distribution-spec conformance tests allow for it (they only warn \"image \
          manifest with no layers is not supported\" when a registry refuses one). \
          distribution and Docker accept them, and `FROM scratch` images built with OCI \
          media types have none.",
    how_to_fix: "For an artifact, add the empty descriptor as the single layer: \
                 `{\"mediaType\": \"application/vnd.oci.empty.v1+json\", \"digest\": \
                 \"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\", \
                 \"size\": 2}`. For an image, add a real layer (an empty tar) and its \
                 `diff_id` to the config; or publish it as a Docker schema 2 manifest, \
                 which allows no layers. For an artifact the fix adds the empty descriptor.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(examples::OCI_IMAGE_MANIFEST_NO_LAYERS),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example+type", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": []}"#),
        valid(examples::EMPTY_ARTIFACT_MANIFEST),
        valid(examples::DOCKER_MANIFEST_NO_LAYERS),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest {
        return;
    }
    let Some(layers) = ctx.root.get("layers") else {
        return;
    };
    if layers.value.items().is_none_or(|items| !items.is_empty()) {
        return;
    }
    let config_type = ctx
        .root
        .get("config")
        .and_then(|c| c.value.get("mediaType"))
        .and_then(|m| m.value.as_str());
    let has_artifact_type = ctx
        .root
        .get("artifactType")
        .and_then(|m| m.value.as_str())
        .is_some_and(|s| !s.is_empty());
    let is_image = config_type == Some(media_type::OCI_CONFIG) && !has_artifact_type;
    let message = if is_image {
        "`layers` is empty; image-spec's schema requires at least one layer (`minItems: 1`) and \
         registries that validate against it refuse this manifest"
    } else {
        "`layers` is empty; an artifact without files should carry the empty descriptor as its \
         single layer, and image-spec's schema requires at least one (`minItems: 1`)"
    };
    let diagnostic = out.emit(layers.value.range, Pointer::root().key("layers"), message);
    // An image needs a real layer (a tar, with its `diff_id` in the config): nothing to write.
    if !is_image {
        diagnostic.fix(
            FixSafety::Unsafe,
            "Add the empty descriptor as the single layer",
            vec![ctx.editor().replace(
                &layers.value,
                format!("[{}]", fixes::empty_descriptor_json()),
            )],
        );
    }
}

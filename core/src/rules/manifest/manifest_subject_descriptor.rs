//! MAN004: `subject`, when present, is a descriptor object.

use super::super::prelude::*;

declare_rule! {
    code: "MAN004",
    name: "manifest-subject-descriptor",
    covers: ["manifest-subject-descriptor", "index-subject-descriptor"],
    severity: Error,
    since: "0.1.0",
    summary: "`subject` is optional, but when present it must be a descriptor object.",
    why: "`subject` names the manifest this one refers to (a signature's image, an SBOM's \
          image); registries index referrers by it and clients fetch it by its digest. \
          image-spec defines it as a descriptor on image manifests and indexes, and its \
          schema refuses anything but an object; a string or `null` makes strict parsers \
          refuse the whole document, and the registry cannot list it as a referrer.",
    how_to_fix: "Write the referred-to manifest's descriptor: `\"subject\": {\"mediaType\": \
                 …, \"digest\": \"sha256:…\", \"size\": …}`, or remove `subject`.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}], "subject": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270"}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "subject": null}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [], "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682}}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !matches!(
        ctx.kind,
        Kind::OciManifest | Kind::OciIndex | Kind::OciArtifactManifest
    ) {
        return;
    }
    let Some(subject) = ctx.root.get("subject") else {
        return;
    };
    let value = &subject.value;
    if value.is_object() {
        return;
    }
    let hint = match value.as_str() {
        Some(text) if text.contains(':') => {
            " (a bare digest is not enough: the descriptor also names the media type and size)"
        }
        _ => "",
    };
    out.emit(
        value.range,
        Pointer::root().key("subject"),
        format!(
            "`subject` is {}; it must be the descriptor of another manifest{hint}",
            value.type_name()
        ),
    );
}

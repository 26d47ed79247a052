//! MAN005: `subject` points at a manifest or an index, not at a blob.

use super::super::prelude::*;
use crate::spec::media_types::{self as mt, Role};

declare_rule! {
    code: "MAN005",
    name: "manifest-subject-target-type",
    severity: Warning,
    since: "0.1.0",
    summary: "`subject` should describe a manifest or an index, not a layer, config or other blob.",
    why: "image-spec defines `subject` as \"a descriptor of another manifest\". \
          Registries file a referrer under its subject's digest, and clients ask for the \
          referrers of the manifest or index they pulled, so a subject typed as a layer or \
          config (usually a descriptor copied from the wrong place) files the signature or \
          SBOM under a digest no client ever asks about: it is stored, and never found.",
    how_to_fix: "Use the descriptor of the manifest (or index) this document refers to: its \
                 media type, the digest of its bytes and their size.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example.signature", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.example.signature", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 1234}], "subject": {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example.signature", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.example.signature", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 1234}], "subject": {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682}}"#),
    ],
    check: Document(check),
}

/// What a known media type that is not a manifest or index names, if it is one.
fn blob_kind(media_type: &str) -> Option<&'static str> {
    match mt::role(media_type) {
        Role::Layer => Some("a layer"),
        Role::ImageConfig => Some("an image config"),
        Role::Empty => Some("the empty `{}` blob"),
        Role::Manifest | Role::Index => None,
        Role::Other => match media_type {
            mt::OCI_SCRATCH_PRERELEASE => Some("the empty `{}` blob"),
            mt::DOCKER_PLUGIN_CONFIG | mt::BUILDKIT_CACHE_CONFIG => Some("a config blob"),
            mt::OCI_LAYOUT_HEADER => Some("an OCI layout header"),
            mt::OCI_DESCRIPTOR => Some("a bare descriptor"),
            mt::IN_TOTO => Some("an in-toto statement (a layer of an attestation)"),
            _ => None,
        },
    }
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !matches!(ctx.kind, Kind::OciManifest | Kind::OciIndex) {
        return;
    }
    let Some(subject) = ctx.root.get("subject").filter(|m| m.value.is_object()) else {
        return;
    };
    let Some(member) = subject.value.get("mediaType") else {
        return;
    };
    let Some(media_type) = member.value.as_str() else {
        return;
    };
    if let Some(what) = blob_kind(media_type) {
        out.emit(
            member.value.range,
            Pointer::root().key("subject").key("mediaType"),
            format!(
                "`{media_type}` is {what}, but `subject` must describe a manifest or an index; \
                 referrers are looked up by the digest of the manifest a client pulls"
            ),
        );
    }
}

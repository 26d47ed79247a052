//! DSC007: layers whose `urls` (or lack of them) registries refuse by default.

use super::super::prelude::*;
use super::super::DescriptorRole;
use crate::kind::media_type as mt;
use crate::spec::uri::parse_uri;

declare_rule! {
    code: "DSC007",
    name: "desc-urls-registry-policy",
    severity: Warning,
    since: "0.1.0",
    summary: "Layers with `urls`, and remote layers without them, are refused by common registries.",
    why: "distribution checks the `urls` of OCI `tar`/`tar+gzip` and non-distributable layers \
          and of Docker foreign layers against `validation.manifests.urls.allow`, which is \
          empty by default (\"if Allow and Deny are empty, allow nothing\"): any URL makes \
          the push fail with `invalid URL on layer` (reported as `MANIFEST_BLOB_UNKNOWN`). \
          Even when allowed, it refuses schemes other than `http`/`https` and URLs with a \
          `#fragment`. The opposite also fails: a Docker foreign layer without `urls` is \
          `missing URL on layer`, and Quay refuses a foreign or non-distributable layer \
          without them (\"missing `urls` for remote layer\"). Moby dropped foreign-layer \
          support in 2024.",
    how_to_fix: "Upload the layer blob to the registry and remove `urls` (and use the \
                 ordinary layer media type), e.g. `regctl image mod --external-urls-rm`; or \
                 give a remote layer the `https` URLs it is served from and push only to \
                 registries configured to allow them.",
    url: "https://distribution.github.io/distribution/about/configuration/#validation",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654, "urls": ["https://example.com/layer.tar.gz"]}]}"#),
        invalid(examples::DOCKER_MANIFEST_FOREIGN_LAYER),
        valid(examples::OCI_IMAGE_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if !ctx.kind.is_image_manifest() {
        return;
    }
    for site in ctx.descriptors() {
        if site.role != DescriptorRole::Layer {
            continue;
        }
        let Some(media_type_member) = site.media_type_member() else {
            continue;
        };
        let Some(media_type) = media_type_member.value.as_str() else {
            continue;
        };
        // The layer types whose URLs distribution's handler for this manifest kind checks.
        let url_checked = match ctx.kind {
            Kind::OciManifest => matches!(
                media_type,
                mt::OCI_LAYER_TAR
                    | mt::OCI_LAYER_GZIP
                    | mt::OCI_NONDISTRIBUTABLE_TAR
                    | mt::OCI_NONDISTRIBUTABLE_GZIP
            ),
            _ => media_type == mt::DOCKER_FOREIGN_GZIP,
        };
        // Layer types whose blob is expected to live elsewhere.
        let remote = match ctx.kind {
            Kind::OciManifest => mt::is_oci_nondistributable(media_type),
            _ => media_type == mt::DOCKER_FOREIGN_GZIP,
        };
        let urls = site.node.get("urls");
        let items = urls.and_then(|m| m.value.items());
        match (urls, items) {
            (Some(member), Some(items)) if !items.is_empty() => {
                if !url_checked {
                    continue;
                }
                let refused_anyway = items.iter().filter_map(Node::as_str).find(|text| {
                    parse_uri(text).map_or(true, |uri| {
                        uri.fragment.is_some()
                            || !(uri.scheme.eq_ignore_ascii_case("http")
                                || uri.scheme.eq_ignore_ascii_case("https"))
                    })
                });
                let extra = match refused_anyway {
                    Some(text) => format!(
                        "; {} would be refused even by a registry that allows URLs (only `http`/`https` without `#fragment` pass)",
                        shorten(text, 60)
                    ),
                    None => String::new(),
                };
                out.emit(
                    ctx.key_range(member),
                    site.pointer.key("urls"),
                    format!(
                        "this `{media_type}` layer lists `urls`; distribution's default configuration allows no layer URLs and refuses the push (`invalid URL on layer`){extra}"
                    ),
                );
            }
            // `urls` of the wrong type is `desc-urls-type`'s finding.
            (Some(member), None) if !matches!(member.value.value, Value::Null) => {}
            _ if remote => {
                let refusers = if ctx.kind == Kind::OciManifest {
                    "Quay refuses it (\"missing `urls` for remote layer\")"
                } else {
                    "distribution (\"missing URL on layer\") and Quay (\"missing `urls` for remote layer\") refuse it"
                };
                out.emit(
                    media_type_member.value.range,
                    site.pointer.part(Part::MediaType),
                    format!(
                        "`{media_type}` marks a layer fetched from its `urls`, but it has none; {refusers}"
                    ),
                );
            }
            _ => {}
        }
    }
}

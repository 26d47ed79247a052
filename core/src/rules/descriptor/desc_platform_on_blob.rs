//! DSC014: `platform` on a config or layer descriptor means nothing.

use super::super::prelude::*;
use super::super::DescriptorRole;

declare_rule! {
    code: "DSC014",
    name: "desc-platform-on-blob",
    severity: Info,
    since: "0.1.0",
    summary: "`platform` belongs on descriptors of manifests, not of configs or layers.",
    why: "image-spec defines `platform` only for descriptors that point to manifests (in an \
          index); image-spec's Go type says \"This should only be used when referring to a \
          manifest\". On a config or layer descriptor no consumer reads it, so a platform \
          written there (often meant for the index entry of this manifest) has no effect.",
    how_to_fix: "Remove `platform` from the config or layer, and put it on the index entry \
                 that points at this manifest if that was the intent.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#properties",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654, "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 7143, "digest": "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f", "platform": {"architecture": "amd64", "os": "linux"}}]}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for site in ctx.descriptors() {
        let what = match site.role {
            DescriptorRole::Config => "config",
            DescriptorRole::Layer => "layer",
            _ => continue,
        };
        let Some(member) = site.platform() else {
            continue;
        };
        out.emit(
            ctx.key_range(member),
            site.pointer.part(Part::Platform),
            format!("`platform` on a {what} descriptor is ignored: only descriptors of manifests in an index carry a platform"),
        );
    }
}

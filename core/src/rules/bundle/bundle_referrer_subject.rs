//! BND005: a referrer whose `subject` is none of the documents checked with it.

use super::super::prelude::*;
use crate::rules::bundle_context::{BundleContext, BundleEmitter};
use crate::rules::DescriptorRole;

declare_rule! {
    code: "BND005",
    name: "bundle-referrer-subject",
    severity: Info,
    since: "0.1.0",
    summary: "A referrer's `subject` names none of the manifests and indexes checked with it.",
    why: "A signature, attestation or SBOM with `subject` hangs off the manifest that \
          digest names. Pushed with a set of images that does not include it, it hangs off \
          something the registry may not hold: registries that check the subject refuse it \
          or drop it (GitLab refused BuildKit v0.32's attestations pushed before their image, \
          buildkit#7007, and buildx added a switch back to in-index attestations for it), \
          registries without the referrers API list it only under a fallback tag nobody \
          updates, and garbage collection may delete it as unreferenced. Checked together, \
          the documents say which image each referrer is about; one whose image is not \
          among them is worth a look.",
    how_to_fix: "Check the `subject` digest: it should be the digest of the manifest or index \
                 the referrer is about, and that document should be pushed first (or be \
                 among the documents checked together).",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.cncf.notary.signature", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/jose+json", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}], "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:73c803930ea3ba1e54bc25c2bdc53edd0284c62ed651fe7b00369da519a3c333", "size": 16724}},
{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "size": 32}]},
{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "size": 32}]}]"#),
        valid(r#"[{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.cncf.notary.signature", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/jose+json", "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0", "size": 32654}], "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:8a5ee76c0b850ded98460977ca8925e234ca735d4be5b8e32176a9dfad2a6358", "size": 415}},
{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "size": 32}]},
{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "size": 32}]}]"#),
    ],
    check: Bundle(check),
}

fn check(ctx: &BundleContext<'_>, out: &mut BundleEmitter<'_>) {
    for site in ctx
        .unlinked
        .iter()
        .filter(|u| u.role == DescriptorRole::Subject)
    {
        let document = &ctx.documents[site.parent];
        // Only a bundle that holds images or indexes says anything about where this one is.
        let others = ctx.documents.iter().enumerate().any(|(other, d)| {
            other != site.parent && (d.kind.is_image_manifest() || d.kind.is_index())
        });
        let Some(digest) = site.descriptor.get("digest").filter(|_| others) else {
            continue;
        };
        let named = digest.value.as_str().unwrap_or("?");
        out.emit(
            site.parent,
            digest.value.range,
            site.pointer.key("digest"),
            format!(
                "this {} hangs off `{named}`, which is none of the manifests and indexes \
                 checked with it: pushed with them, its subject must already be in the \
                 registry",
                document.recognised.role.as_str()
            ),
        );
    }
}

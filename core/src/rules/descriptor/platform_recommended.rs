//! DSC013: an index entry that points at an OCI image manifest says which platform it is for.

use super::super::prelude::*;
use super::super::DescriptorRole;
use crate::kind::media_type as mt;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DSC013",
        name: "desc-platform-recommended",
        covers: &["desc-platform-recommended"],
        severity: Severity::Warning,
        fix: FixSafety::None,
        summary: "Index entries pointing at an OCI image manifest should have `platform`.",
        why: "image-spec says descriptors pointing to `application/vnd.oci.image.manifest.v1+json` \
              SHOULD include `platform`. Runtimes pick an image from an index by platform, and \
              an entry without one is guessed differently by each: containerd treats it as \
              matching every platform (sorted after the matching ones), go-containerregistry \
              assumes `linux/amd64`, and containers/image, when converting the index to a Docker \
              list, writes in the platform of the machine doing the conversion. Entries that are \
              artifacts (with `artifactType`) are exempt.",
        how_to_fix: "Add the `platform` of the image, taken from its config's `os`, \
                     `architecture` and `variant`, e.g. `\"platform\": {\"architecture\": \"amd64\", \
                     \"os\": \"linux\"}`.",
        url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md#image-index-property-descriptions",
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": [{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"size\": 7143, \"digest\": \"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f\"}]}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": [{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"size\": 7143, \"digest\": \"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f\", \"platform\": {\"architecture\": \"ppc64le\", \"os\": \"linux\"}}, {\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"artifactType\": \"application/spdx+json\", \"size\": 1024, \"digest\": \"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\"}]}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciIndex {
        return;
    }
    for site in ctx.descriptors() {
        if site.role != DescriptorRole::Manifest {
            continue;
        }
        let Some(media_type) = site.node.get("mediaType") else {
            continue;
        };
        if media_type.value.as_str() != Some(mt::OCI_MANIFEST)
            || site.node.get("platform").is_some()
            || site.node.get("artifactType").is_some()
        {
            continue;
        }
        let head = TextRange::new(
            site.node.range.start as usize,
            site.node.range.start as usize + 1,
        );
        out.emit(
            head,
            site.pointer.clone(),
            "this entry points at an OCI image manifest but has no `platform`; runtimes cannot tell which platform it runs on and guess differently",
        );
    }
}

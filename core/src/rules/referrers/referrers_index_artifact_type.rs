//! REF002: an entry of a referrers index (the fallback tag's index, a referrers answer)
//! without its `artifactType`.

use super::super::prelude::*;

declare_rule! {
    code: "REF002",
    name: "referrers-index-artifact-type",
    severity: Warning,
    since: "0.1.0",
    summary: "Each entry of a referrers index must carry the referrer's `artifactType`.",
    why: "distribution-spec: each descriptor of a referrers list, the index a registry \
          answers `GET /v2/<name>/referrers/<digest>` with and the one a client keeps under \
          the `<alg>-<ref>` fallback tag on registries without that API, \"MUST include an \
          `artifactType`\": the manifest's `artifactType`, or its `config.mediaType` when it \
          has none. Clients filter on it (`?artifactType=`, `oras discover \
          --artifact-type`, `cosign tree`, `notation list`), so an entry without it is \
          invisible to each of them. An index whose entries carry `artifactType` and no \
          `platform` reads as such a list; an entry without one among them was added by a \
          client that forgot it.",
    how_to_fix: "Add `artifactType` to the entry: the referrer's own `artifactType`, or its \
                 `config.mediaType` when it has none (`application/vnd.cncf.notary.signature` \
                 for a Notary Project signature, for example).",
    url: "https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#listing-referrers",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:c9610eff794c74c7ffd856fa6fdbc1364ef103c05b825ead362bb4e912d1d678", "size": 939, "artifactType": "application/vnd.cncf.notary.signature"}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:991126315a13d306a38db9e98071241aa826539c4a8654bc34f8256c63f6c991", "size": 2038}]}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:c9610eff794c74c7ffd856fa6fdbc1364ef103c05b825ead362bb4e912d1d678", "size": 939, "artifactType": "application/vnd.cncf.notary.signature"}, {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:991126315a13d306a38db9e98071241aa826539c4a8654bc34f8256c63f6c991", "size": 2038, "artifactType": "application/vnd.amazon.soci.index.v1+json"}]}"#),
        valid(examples::OCI_INDEX_AMD64),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciIndex {
        return;
    }
    let Some(entries) = ctx.root.get("manifests").and_then(|m| m.value.items()) else {
        return;
    };
    // Walked again rather than listed: an index of 80,000 entries made the list 2 MB.
    let objects = || entries.iter().enumerate().filter(|(_, e)| e.is_object());
    let (count, typed) = objects().fold((0, 0), |(count, typed), (_, e)| {
        (
            count + 1,
            typed + usize::from(e.get("artifactType").is_some()),
        )
    });
    // A referrers list: some entry is typed, none has a platform (an image index's entries
    // do; a referrer's descriptor never needs one).
    if typed == 0 || typed == count || objects().any(|(_, e)| e.get("platform").is_some()) {
        return;
    }
    for (at, entry) in objects() {
        if entry.get("artifactType").is_some() {
            continue;
        }
        let pointer = Pointer::root().key("manifests").index(at);
        let (range, pointer) = match entry.get("digest") {
            Some(digest) => (digest.value.range, pointer.key("digest")),
            None => {
                let start = entry.range.start as usize;
                (TextRange::new(start, start + 1), pointer)
            }
        };
        out.emit(
            range,
            pointer,
            format!(
                "the other entries of this index carry `artifactType` and none a platform, so \
                 it is a referrers list, where this entry needs one too ({typed} of {} entries \
                 have it): clients filtering by type do not see this one",
                entries.len()
            ),
        );
    }
}

//! PRE004: the `org.opencontainers.artifact.*` annotation keys of image-spec 1.1 release
//! candidates.

use super::super::fixes;
use super::super::prelude::*;

declare_rule! {
    code: "PRE004",
    name: "doc-prerelease-artifact-annotations",
    severity: Info,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "`org.opencontainers.artifact.created` and `.description` were removed before image-spec 1.1.0; use the `org.opencontainers.image.*` keys.",
    why: "image-spec v1.1.0-rc1 and rc2 defined `org.opencontainers.artifact.created` and \
          `org.opencontainers.artifact.description` for the artifact manifest; both were \
          removed with it (from the text in rc3, from the Go types in commit 988df0a). Tools that know the pre-defined keys read \
          `org.opencontainers.image.created` and `org.opencontainers.image.description`, \
          which apply to any manifest, index or descriptor, and ignore the old ones.",
    how_to_fix: "Rename the key to `org.opencontainers.image.created` or \
                 `org.opencontainers.image.description` (keep the value), or remove it when \
                 the new key is already set; the fix does either. The document gets a new \
                 digest.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md#pre-defined-annotation-keys",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example.sbom.v1", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/gzip", "size": 123, "digest": "sha256:87923725d74f4bfb94c9e86d64170f7521aad8221a5de834851470ca142da630"}], "annotations": {"org.opencontainers.artifact.created": "2022-01-01T14:42:55Z"}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example.sbom.v1", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/gzip", "size": 123, "digest": "sha256:87923725d74f4bfb94c9e86d64170f7521aad8221a5de834851470ca142da630"}], "annotations": {"org.opencontainers.image.created": "2022-01-01T14:42:55Z"}}"#),
    ],
    check: Document(check),
}

/// (release-candidate key, its replacement)
const RENAMED: [(&str, &str); 2] = [
    (
        "org.opencontainers.artifact.created",
        "org.opencontainers.image.created",
    ),
    (
        "org.opencontainers.artifact.description",
        "org.opencontainers.image.description",
    ),
];

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let document = matches!(
        ctx.kind,
        Kind::OciManifest | Kind::OciIndex | Kind::OciArtifactManifest
    )
    .then_some((Place::ROOT, ctx.root));
    let holders = document.into_iter().chain(ctx.descriptor_objects());
    for (pointer, holder) in holders {
        let Some(annotations) = holder.get("annotations") else {
            continue;
        };
        let Some(members) = annotations.value.members() else {
            continue;
        };
        for (index, member) in members.iter().enumerate() {
            let Some((_, replacement)) = RENAMED.iter().find(|(old, _)| *old == member.key) else {
                continue;
            };
            let also = if members.iter().any(|m| m.key == *replacement) {
                format!("; `{replacement}` is already present, so remove this one")
            } else {
                format!("; use `{replacement}`")
            };
            let diagnostic = out.emit(
                ctx.key_range(member),
                pointer.key("annotations").key(member.key),
                format!(
                    "`{}` was defined only by image-spec 1.1 release candidates and removed \
                     before 1.1.0, so tools do not read it{also}",
                    member.key
                ),
            );
            // A repeated old key: rename the first only, or both would become one duplicate.
            if members[..index].iter().any(|m| m.key == member.key) {
                continue;
            }
            if let Some((title, edit)) =
                fixes::rename_or_remove(ctx, &annotations.value, member, replacement)
            {
                diagnostic.fix(FixSafety::Unsafe, title, vec![edit]);
            }
        }
    }
}

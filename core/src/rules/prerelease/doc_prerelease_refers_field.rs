//! PRE002: `refers`, the v1.1.0-rc1 name of `subject`.

use super::super::fixes;
use super::super::prelude::*;

declare_rule! {
    code: "PRE002",
    name: "doc-prerelease-refers-field",
    severity: Warning,
    fix: Sometimes(Unsafe),
    since: "0.1.0",
    summary: "`refers` was image-spec v1.1.0-rc1's name for `subject`; nothing reads it any more.",
    why: "image-spec v1.1.0-rc1 linked a manifest to the one it describes with `refers`; \
          rc2 renamed it `subject`, the name in every release and in the \
          distribution-spec referrers API. Registries index referrers by `subject` only, \
          so a signature or SBOM that still says `refers` is stored but never listed as a \
          referrer of its image, and the image's verifiers never find it.",
    how_to_fix: "Rename `refers` to `subject` (keep the descriptor), or remove it when \
                 `subject` is already there; the fix does either. The manifest gets a new \
                 digest, and registries then list it in the referrers of its subject.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example.signature", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.example.signature", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 1234}], "refers": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682}}"#),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "application/vnd.example.signature", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/vnd.example.signature", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 1234}], "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "size": 7682}}"#),
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
    let Some(refers) = ctx.root.get("refers") else {
        return;
    };
    let message = if ctx.root.get("subject").is_some() {
        "`refers` is the image-spec v1.1.0-rc1 name of `subject`, which this document also has; \
         nothing reads `refers` any more, so remove it"
    } else {
        "`refers` is the image-spec v1.1.0-rc1 name of `subject`; registries and clients read \
         only `subject`, so this document is not listed as a referrer of anything"
    };
    let diagnostic = out.emit(
        ctx.key_range(refers),
        Pointer::root().key("refers"),
        message,
    );
    if let Some((title, edit)) = fixes::rename_or_remove(ctx, ctx.root, refers, "subject") {
        diagnostic.fix(FixSafety::Unsafe, title, vec![edit]);
    }
}

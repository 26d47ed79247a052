//! ART001: `artifactType` is set when `config` is the empty descriptor.

use super::super::fixes;
use super::super::prelude::*;
use crate::fix::edit::quote;
use crate::spec::media_types as mt;

declare_rule! {
    code: "ART001",
    name: "artifact-type-required-for-empty-config",
    severity: Error,
    fix: Always(DisplayOnly),
    since: "0.1.0",
    summary: "An image manifest whose config is the empty descriptor must set `artifactType`.",
    why: "image-spec: `artifactType` \"MUST be set when `config.mediaType` is set to the \
          empty value\". With an empty config, `artifactType` is the only thing that says \
          what the artifact is: the referrers API reports it (falling back to \
          `application/vnd.oci.empty.v1+json`, which tells nobody anything), and \
          ORAS and Notation filter referrers by it. ORAS refuses to pack such a \
          manifest (`missing artifact type`).",
    how_to_fix: "Add `\"artifactType\": \"<type>\"` at the top level with the media type \
                 of your artifact, for example `application/spdx+json` for an SPDX SBOM. \
                 Only you know the type, so the fix is shown, not applied: it proposes the \
                 layers' media type when they all share one, else a placeholder.",
    url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidelines-for-artifact-usage",
    examples: [
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/spdx+json", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 1234}]}"#),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "artifactType": "", "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}, "layers": [{"mediaType": "application/spdx+json", "digest": "sha256:e258d248fda94c63753607f7c4494ee0fcbe92f1a76bfdac795c9d84101eb317", "size": 1234}]}"#),
        valid(examples::SPDX_ARTIFACT_MANIFEST),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    if ctx.kind != Kind::OciManifest {
        return;
    }
    let Some(config_type) = ctx
        .root
        .get("config")
        .and_then(|c| c.value.get("mediaType"))
        .filter(|m| m.value.as_str() == Some(mt::OCI_EMPTY))
    else {
        return;
    };
    let example = example_type(ctx.root);
    let title = format!("Set `artifactType` to your artifact's media type (e.g. `{example}`)");
    match ctx.root.get("artifactType") {
        None => {
            let edit = fixes::insert_after(
                ctx,
                &["mediaType", "schemaVersion"],
                "artifactType",
                &quote(&example),
            );
            out.emit(
                config_type.value.range,
                Pointer::root().key("config").key("mediaType"),
                "`config` is the empty descriptor, so `artifactType` must be set at the top \
                 level to say what this artifact is; it is missing",
            )
            .fix(FixSafety::DisplayOnly, title, edit.into_iter().collect());
        }
        Some(member) if member.value.as_str() == Some("") => {
            out.emit(
                member.value.range,
                Pointer::root().key("artifactType"),
                "`artifactType` is empty, but `config` is the empty descriptor, so it must name \
                 what this artifact is",
            )
            .fix(
                FixSafety::DisplayOnly,
                title,
                vec![ctx.editor().replace_string(&member.value, &example)],
            );
        }
        // A non-string is the media-type rules' to report.
        Some(_) => {}
    }
}

/// What to propose as `artifactType`: the layers' media type when they share one that says
/// more than the empty descriptor, else a placeholder the user must replace.
fn example_type(root: &Node) -> String {
    let mut types = root
        .get("layers")
        .and_then(|m| m.value.items())
        .unwrap_or_default()
        .iter()
        .filter_map(|layer| layer.get("mediaType").and_then(|m| m.value.as_str()));
    match types.next() {
        Some(first)
            if first != mt::OCI_EMPTY
                && !mt::is_image_layer(first)
                && types.all(|other| other == first) =>
        {
            first.to_owned()
        }
        _ => "application/vnd.example.artifact.v1+json".to_owned(),
    }
}

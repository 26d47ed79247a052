//! MTF004: Docker schema 2 manifests and manifest lists declare their exact `mediaType`.

use super::super::fixes;
use super::super::prelude::*;
use crate::diagnostic::describe_wrong_media_type;
use crate::spec::media_types as mt;

declare_rule! {
    code: "MTF004",
    name: "doc-media-type-docker-required",
    covers: ["doc-media-type-docker-required", "docker-manifest-media-type", "docker-list-media-type"],
    severity: Error,
    fix: Always(Safe),
    since: "0.1.0",
    summary: "A Docker manifest or manifest list must declare its exact `mediaType`.",
    why: "The Docker spec says the field \"should be set to\" the document's type, and the \
          registries enforce it: distribution refuses a Docker manifest without it or with \
          another value (`mediaType in manifest should be \
          'application/vnd.docker.distribution.manifest.v2+json' not ''`, and `mediaType in \
          manifest list should be …` for lists), Quay answers `'mediaType' is a required \
          property`, and Harbor (distribution v2.8 underneath) behaves like distribution. Unlike OCI, where the field is \
          a SHOULD, a Docker document without it is not pushable.",
    how_to_fix: "Add `\"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\"` \
                 to a manifest, or `\"mediaType\": \
                 \"application/vnd.docker.distribution.manifest.list.v2+json\"` to a \
                 manifest list (this changes the document's digest). The fix adds the type \
                 the content determines, or puts it in place of a wrong value.",
    url: "https://github.com/distribution/distribution/blob/main/docs/content/spec/manifest-v2-2.md#image-manifest-field-descriptions",
    examples: [
        invalid(r#"{"schemaVersion": 2, "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7", "size": 7023}, "layers": []}"#),
        invalid(examples::UNTYPED_INDEX_EMPTY, content_type: "application/vnd.docker.distribution.manifest.list.v2+json"),
        invalid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json;charset=utf-8", "config": {}, "layers": []}"#, content_type: "application/vnd.docker.distribution.manifest.v2+json"),
        valid(r#"{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json", "manifests": []}"#),
    ],
    check: Document(check),
}

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let (expected, what, distribution) = match ctx.kind {
        Kind::DockerManifest => (mt::DOCKER_MANIFEST, "a Docker image manifest", "manifest"),
        Kind::DockerManifestList => (
            mt::DOCKER_MANIFEST_LIST,
            "a Docker manifest list",
            "manifest list",
        ),
        _ => return,
    };
    if !ctx.root.is_object() || ctx.header_contradicts_body() {
        return;
    }
    let title = format!("Set `mediaType` to `{expected}`");
    let Some(member) = ctx.root.get("mediaType") else {
        let edit = fixes::insert_media_type(ctx, expected);
        out.emit(
            head(ctx.root),
            Pointer::root(),
            format!(
                "this is {what} without `mediaType`; add `\"mediaType\": \"{expected}\"`: registries refuse it without (distribution: \"mediaType in {distribution} should be '{expected}' not ''\")"
            ),
        )
        .fix(FixSafety::Safe, title, edit.into_iter().collect());
        return;
    };
    let replace = vec![ctx.editor().replace_string(&member.value, expected)];
    let pointer = Pointer::root().key("mediaType");
    match member.value.as_str() {
        Some(value) if value == expected => {}
        Some(value) => {
            out.emit(
                member.value.range,
                pointer,
                format!(
                    "{} (distribution: \"mediaType in {distribution} should be '{expected}' not '{value}'\")",
                    describe_wrong_media_type(value, expected, what)
                ),
            )
            .fix(FixSafety::Safe, title, replace);
        }
        None => {
            out.emit(
                member.value.range,
                pointer,
                format!(
                    "`mediaType` is {}; the `mediaType` of {what} must be the string `{expected}`",
                    member.value.type_name()
                ),
            )
            .fix(FixSafety::Safe, title, replace);
        }
    }
}

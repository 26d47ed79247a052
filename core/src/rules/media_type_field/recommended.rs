//! MTF001: OCI manifests and indexes declare their own `mediaType`.
//!
//! Also home of the helpers the top-level `mediaType` rules share (and the Docker and mixed
//! rules use to stay quiet when the `Content-Type` and the body disagree).

use super::super::prelude::*;
use crate::spec::media_types as mt;

pub(crate) static RULE: Rule = Rule {
    meta: RuleMeta {
        code: "MTF001",
        name: "doc-media-type-recommended",
        covers: &["doc-media-type-recommended"],
        severity: Severity::Warning,
        fix: FixSafety::Safe,
        summary: "OCI image manifests and indexes should declare their own `mediaType`.",
        why: "Without `mediaType` the document's type depends on the `Content-Type` it travels \
              with or on guessing from its fields, which is the condition CVE-2021-41190 \
              exploited; image-spec made the field a SHOULD as the fix and the \
              distribution-spec says all manifests SHOULD include it. In practice ECR once \
              refused OCI manifests without it (`Invalid parameter at 'ImageManifest' failed to \
              satisfy constraint: 'Invalid JSON syntax'`), and containers/image had to add a \
              fallback for that.",
        how_to_fix: "Add `\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\"` to a \
                     manifest, or `\"mediaType\": \"application/vnd.oci.image.index.v1+json\"` \
                     to an index. This changes the document's digest, so update whatever \
                     refers to it.",
        url: "https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#image-manifest-property-descriptions",
        examples: &[
            Example {
                valid: false,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7\", \"size\": 7023}, \"layers\": []}",
                pad_to: 0,
            },
            Example {
                valid: false,
                content_type: Some("application/vnd.oci.image.index.v1+json"),
                document: b"{\"schemaVersion\": 2, \"manifests\": []}",
                pad_to: 0,
            },
            Example {
                valid: true,
                content_type: None,
                document: b"{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\", \"manifests\": []}",
                pad_to: 0,
            },
        ],
    },
    check: Check::Document(check),
};

fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let expected = match ctx.kind {
        Kind::OciManifest => mt::OCI_MANIFEST,
        Kind::OciIndex => mt::OCI_INDEX,
        _ => return,
    };
    if !ctx.root.is_object() || ctx.root.get("mediaType").is_some() {
        return;
    }
    let what = if ctx.kind == Kind::OciIndex {
        "OCI image index"
    } else {
        "OCI image manifest"
    };
    let mut message = format!(
        "this {what} has no `mediaType`; add `\"mediaType\": \"{expected}\"` so that its type does not depend on the `Content-Type` or on guessing from its fields"
    );
    if ctx.kind == Kind::OciIndex && entries_are_docker_manifests(ctx.root) {
        message.push_str(&format!(
            ". Its entries are Docker manifests: if it is meant as a Docker manifest list, `mediaType` is required and must be `{}`",
            mt::DOCKER_MANIFEST_LIST
        ));
    }
    out.emit(head(ctx.root), Pointer::root(), message);
}

/// Whether an index has entries and all of them declare Docker schema 2 manifest types.
fn entries_are_docker_manifests(root: &Node) -> bool {
    let Some(items) = root.get("manifests").and_then(|m| m.value.items()) else {
        return false;
    };
    !items.is_empty()
        && items.iter().all(|item| {
            item.get("mediaType").and_then(|m| m.value.as_str()) == Some(mt::DOCKER_MANIFEST)
        })
}

/// The first byte of a node: where diagnostics about a missing member point.
pub(super) fn head(node: &Node) -> TextRange {
    TextRange::new(node.range.start as usize, node.range.start as usize + 1)
}

/// Whether the document was received with a `Content-Type` and itself declares a different
/// manifest or index type. `push-content-type-matches-media-type` reports that mismatch; the
/// rules that judge the body as the header's kind stay quiet, because the body is most likely
/// fine and the header wrong (kaniko's Docker `Content-Type` on an OCI body).
pub(super) fn header_contradicts_body(ctx: &Context<'_>) -> bool {
    let Some(content_type) = ctx.content_type else {
        return false;
    };
    let Some(declared) = ctx.root.get("mediaType").and_then(|m| m.value.as_str()) else {
        return false;
    };
    declared != content_type
        && Kind::from_media_type(declared).is_some_and(|kind| kind.declares_own_media_type())
}

/// Explains why `value` is not exactly the media type `expected` (`what` names the document,
/// e.g. "an OCI image manifest"), the way a user can act on it.
pub(super) fn describe_wrong(value: &str, expected: &str, what: &str) -> String {
    let must = format!("the `mediaType` of {what} must be exactly `{expected}`");
    if value.is_empty() {
        return format!("`mediaType` is empty; {must}");
    }
    if value.contains(';') && value.split(';').next().map(str::trim) == Some(expected) {
        return format!(
            "`{value}` carries parameters; {must}, without `;` and what follows (parameters belong, at most, in an HTTP header)"
        );
    }
    if value.trim() != value && value.trim() == expected {
        return format!("`{value}` has spaces around it; {must}");
    }
    if value.eq_ignore_ascii_case(expected) {
        return format!(
            "`{value}` differs from `{expected}` only in letter case; registries and runtimes compare media types as exact strings, so {must}"
        );
    }
    if let Some(rest) = value.strip_prefix(expected) {
        return format!("`{value}` has `{rest}` after the media type; {must}");
    }
    match Kind::from_media_type(value) {
        Some(kind) if !kind.declares_own_media_type() => format!(
            "`{value}` is the media type of {}, not of this document; {must}",
            blob_name(kind)
        ),
        _ => format!("`{value}` is not the media type of this document; {must}"),
    }
}

fn blob_name(kind: Kind) -> &'static str {
    match kind {
        Kind::OciConfig => "an OCI image config",
        Kind::DockerConfig => "a Docker image config",
        Kind::Descriptor => "a content descriptor",
        Kind::OciLayoutHeader => "an OCI layout header",
        _ => "another kind of document",
    }
}

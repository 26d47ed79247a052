//! regclient (regclient/regclient @725072f), its `pull`: `regctl image copy <source> <target>`
//! from a registry to another repository, without `--platform`, `--referrers` or
//! `--digest-tags` — the command that fetches a whole image (the manifest, then each child of
//! an index, or the config and layers of an image) as `podman pull` or `ctr images pull` do.
//! Its first steps are `regctl manifest get`'s (`rc.ManifestGet`, with the same errors less
//! the `copy failed, error getting source: ` prefix), where the profile's behaviours come from
//! (types/manifest/manifest_test.go `TestNew`). The steps, in the program's order:
//!
//! 1. image.go@725072f `ImageCopy` → `imageCopyOpt`: the target is asked first (a `HEAD`;
//!    the model takes it not to hold the image yet), then `rc.ManifestGet` (manifest.go) →
//!    scheme/reg/manifest.go@725072f `ManifestGet`: `GET /v2/<repo>/manifests/<tag>` with every
//!    manifest type in `Accept`; a `Content-Length` over `manifestMaxPull` (8 MiB,
//!    scheme/reg/reg.go `defaultManifestMaxPull`) is refused before the body is read.
//! 2. types/manifest/manifest.go@725072f `New` (`WithRef`, `WithHeader`, `WithRaw`): the
//!    media type is the `Content-Type` header as types/mediatype `Base` reads it (cut at `;`,
//!    lower-cased, trimmed); with none (or nothing left of it) `fromCommon` duck-types the body
//!    (`mediaType`, else `schemaVersion` 1 with or without `signatures`, else the first
//!    entry's or layer's type prefix), ignoring that decode's errors.
//! 3. `fromCommon`: a type it does not know is `unsupported media type: "<type>"`; the body
//!    is decoded with `encoding/json` into regclient's types (types_regclient.rs), its error
//!    wrapped as `error unmarshaling manifest for <ref>: …`; signed schema 1 goes through
//!    libtrust's `ParsePrettySignature` (its `signatures` key; the payload is not modelled).
//! 4. `verifyMT`: the body's own `mediaType`, when it has one, must be the type it was read as.
//! 5. The digest of the body is compared with the registry's `Docker-Content-Digest` (the
//!    bytes' own digest from any registry: never a refusal here).
//! 6. `imageCopyOpt`: an index's entries are each copied (every platform: no `--platform`),
//!    by their media type a child manifest (`imageCopyOpt` again, from the entry's `data` when
//!    `GetData` accepts it), a blob, or first one then the other; an image's config (not for
//!    schema 1 or an artifact manifest, whose `GetConfig` is `ErrUnsupportedMediaType`) and
//!    its layers but those with `urls` are blob-copied (blob.go `BlobCopy` →
//!    scheme/reg/blob.go `BlobGet`, the size expected as the `Content-Length`). What the
//!    registry holds decides these: a condition, or the store when it is known.
//! 7. `rc.ManifestPut` to the target (scheme/reg/manifest.go `ManifestPut`): the raw body
//!    (`MarshalJSON`: `manifest not set` for an empty one), over `manifestMaxPush` (4 MiB) refused.
//!
//! regctl prints the returned error whole (cmd/regctl/main.go@725072f); `imageCopyOpt` wraps a
//! source manifest's error as `copy failed, error getting source: …` and returns a blob's or
//! the push's as it is. The references are the user's (`<registry>/<repo>:<tag>` for the
//! source, `<target>`); an error body the registry sends with a 404 is `<the registry's error
//! body>`.

use super::go_decode::{self, items, text, GoValue};
use super::go_digest;
use super::go_syntax;
use super::types_regclient::{
    JS_PARSED_SIGNATURES, OCI_ARTIFACT, OCI_INDEX, OCI_MANIFEST, PROBE, PROTECTED_HEADER,
    SCHEMA1_MANIFEST, SCHEMA2_LIST, SCHEMA2_MANIFEST, SIGNATURE_MAP,
};
use super::{last_member, listed, unmarshal, Input, Lookup, Modelled, UnmarshalError};
use crate::json::Value;

const SOURCE: &str = "model: regclient/regclient @725072f image.go ImageCopy/imageCopyOpt/imageCopyBlob, manifest.go ManifestGet, scheme/reg/manifest.go ManifestGet/ManifestPut, scheme/reg/reg.go manifest limits, types/mediatype Base, types/manifest/manifest.go New/fromCommon/verifyMT, types/manifest oci1.go docker2.go docker1.go, types/descriptor GetData, blob.go BlobCopy, scheme/reg/blob.go BlobGet, internal/reghttp HTTPError; libtrust ParsePrettySignature";

const DOCKER1: &str = "application/vnd.docker.distribution.manifest.v1+json";
const DOCKER1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
const DOCKER2: &str = "application/vnd.docker.distribution.manifest.v2+json";
const DOCKER2_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI1_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI1_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const OCI1_ARTIFACT: &str = "application/vnd.oci.artifact.manifest.v1+json";
const DESCRIPTOR: &str = "application/vnd.oci.descriptor.v1+json";

/// `imageCopyOpt`'s known manifest types for an index's entry.
const ENTRY_MANIFEST_TYPES: [&str; 6] = [
    DOCKER1,
    DOCKER1_SIGNED,
    DOCKER2,
    DOCKER2_LIST,
    OCI1_MANIFEST,
    OCI1_INDEX,
];

/// `imageCopyOpt`'s known blob types for an index's entry.
const ENTRY_BLOB_TYPES: [&str; 9] = [
    "application/vnd.docker.container.image.v1+json",
    "application/vnd.oci.image.config.v1+json",
    "application/vnd.docker.image.rootfs.diff.tar",
    "application/vnd.docker.image.rootfs.diff.tar.gzip",
    "application/vnd.docker.image.rootfs.diff.tar.zstd",
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.buildkit.cacheconfig.v0",
];

/// scheme/reg/reg.go@725072f `defaultManifestMaxPull`.
const MAX_PULL: usize = 8 * 1024 * 1024;
/// scheme/reg/reg.go@725072f `defaultManifestMaxPush`.
const MAX_PUSH: usize = 4 * 1024 * 1024;

const TARGET: &str = "<target>";
const ERROR_BODY: &str = "<the registry's error body>";

/// The source's repository as `ref.CommonName` names it (without tag or digest).
fn repository(input: &Input<'_>) -> String {
    input.store().map_or_else(
        || "<registry>/<repo>".to_owned(),
        |store| format!("{}/{}", store.address, store.repository),
    )
}

fn refuse(step: &'static str, message: String) -> Modelled {
    Modelled::refuse(step, message, SOURCE)
}

/// An error of `rc.ManifestGet` on the source, as `imageCopyOpt` wraps it.
fn source_refused(step: &'static str, message: String) -> Modelled {
    refuse(
        step,
        format!("copy failed, error getting source: {message}"),
    )
}

/// types/mediatype/mediatype.go@725072f `Base`.
fn base(content_type: &str) -> String {
    let cut = content_type.split(';').next().unwrap_or("");
    cut.to_lowercase().trim().to_owned()
}

/// `None` for a document served as a descriptor: regctl pulls none (it would be an
/// `unsupported media type`), and regclient's checks of a descriptor (`GetData`) are the
/// profile's table.
pub(super) fn pull(input: &Input<'_>) -> Option<Modelled> {
    if input.content_type.map(base).as_deref() == Some(DESCRIPTOR) {
        return None;
    }
    Some(copy(input))
}

fn copy(input: &Input<'_>) -> Modelled {
    let source_ref = format!("{}:<tag>", repository(input));
    // scheme/reg/manifest.go ManifestGet: the limit is checked against `Content-Length`.
    if input.bytes.len() > MAX_PULL {
        return Modelled {
            condition: Some(format!(
                "the registry sends Content-Length, as registries do (without it regctl reads up to the limit and says `copy failed, error getting source: error reading manifest for {source_ref}: read limit exceeded`)"
            )),
            ..source_refused(
                "fetch manifest",
                format!(
                    "manifest too large, received {}, limit {MAX_PULL}: {source_ref}",
                    input.bytes.len()
                ),
            )
        };
    }
    let header = input.content_type.map(base).unwrap_or_default();
    let media_type = if header.is_empty() && !input.bytes.is_empty() {
        match duck_type(input) {
            Ok(media_type) => media_type,
            Err(unknown) => return unknown,
        }
    } else {
        header
    };
    let decoded = match decode(input, &media_type, &source_ref) {
        Ok(decoded) => decoded,
        Err(refusal) => return refusal,
    };
    // An empty body is no manifest (`manifSet` false): nothing is copied, and the push's
    // `MarshalJSON` fails.
    let Some(Decoded {
        value: document,
        keys,
    }) = decoded
    else {
        return refuse(
            "push manifest",
            format!("error marshalling manifest for {TARGET}: manifest not set"),
        );
    };
    // verifyMT: the body's `mediaType` against the type it was read as.
    let received = text(Some(document), "mediaType");
    if !received.is_empty() && received != media_type {
        return source_refused(
            "check mediaType",
            format!(
                "manifest contains an unexpected media type: expected {media_type}, received {received}"
            ),
        )
        .at(media_type_range(input));
    }
    let copied = if media_type == OCI1_INDEX || media_type == DOCKER2_LIST {
        entries(input, document)
    } else {
        blobs(input, document, &media_type)
    };
    let condition = match copied {
        Ok(condition) => condition,
        Err(refusal) => return refusal,
    };
    // The push to the target: the raw body, under `manifestMaxPush`.
    if input.bytes.len() > MAX_PUSH {
        return Modelled {
            condition,
            ..refuse(
                "push manifest",
                format!(
                    "manifest too large, calculated {}, limit {MAX_PUSH}: {TARGET}",
                    input.bytes.len()
                ),
            )
        };
    }
    let keys = keys.then_some(
        "each signature's jwk is a public key libtrust reads (UnmarshalPublicKeyJWK, not modelled)",
    );
    let condition = keys
        .into_iter()
        .map(str::to_owned)
        .chain(condition)
        .chain(std::iter::once(
            "the target registry takes the push".to_owned(),
        ))
        .collect::<Vec<_>>()
        .join(", and ");
    Modelled::accept("push manifest", Some(condition), SOURCE)
}

/// Where the document's (last) `mediaType` is.
fn media_type_range(input: &Input<'_>) -> Option<crate::text::TextRange> {
    last_member(input.document.root.as_ref()?, "mediaType").map(|value| value.range)
}

/// `fromCommon`'s duck typing of a body with no media type: `json.Unmarshal` into an anonymous
/// struct, its error ignored (Go keeps what it decoded before and after a type error; a
/// syntax error leaves it empty).
fn duck_type(input: &Input<'_>) -> Result<String, Modelled> {
    let probe = if input.go_syntax_error().is_some() {
        None
    } else if let Some(root) = &input.document.root {
        go_decode::decode(input.arena, input.document, root, &PROBE).value
    } else {
        match unmarshal(input, &PROBE) {
            Ok(value) => Some(value),
            Err(UnmarshalError::BeyondParser) => {
                return Err(Modelled::beyond_parser("detect media type", SOURCE))
            }
            Err(_) => None,
        }
    };
    let first_type = |name: &str| {
        let first = items(probe, name).first();
        if text(first, "mediaType").starts_with("application/vnd.docker.") {
            (DOCKER2_LIST, DOCKER2)
        } else {
            (OCI1_INDEX, OCI1_MANIFEST)
        }
    };
    let declared = text(probe, "mediaType");
    let schema_version = go_decode::int(probe, "schemaVersion");
    Ok(if !declared.is_empty() {
        declared.to_owned()
    } else if schema_version == 1 && !items(probe, "signatures").is_empty() {
        DOCKER1_SIGNED.to_owned()
    } else if schema_version == 1 {
        DOCKER1.to_owned()
    } else if !items(probe, "manifests").is_empty() {
        first_type("manifests").0.to_owned()
    } else if !items(probe, "layers").is_empty() {
        first_type("layers").1.to_owned()
    } else {
        String::new()
    })
}

/// `fromCommon`'s switch: the body decoded into the type's struct; `None` for an empty body.
fn decode<'a>(
    input: &Input<'a>,
    media_type: &str,
    source_ref: &str,
) -> Result<Option<Decoded<'a>>, Modelled> {
    let ty = match media_type {
        DOCKER1 => &SCHEMA1_MANIFEST,
        DOCKER1_SIGNED => &SIGNATURE_MAP,
        DOCKER2 => &SCHEMA2_MANIFEST,
        DOCKER2_LIST => &SCHEMA2_LIST,
        OCI1_MANIFEST => &OCI_MANIFEST,
        OCI1_INDEX => &OCI_INDEX,
        OCI1_ARTIFACT => &OCI_ARTIFACT,
        _ => {
            return Err(source_refused(
                "decode",
                format!("unsupported media type: \"{media_type}\""),
            ))
        }
    };
    if input.bytes.is_empty() {
        return Ok(None);
    }
    let failed = |error: UnmarshalError, wrap: &str| {
        error.verdict("decode", SOURCE, |error| {
            source_refused(
                "decode",
                format!(
                    "error unmarshaling manifest for {source_ref}: {wrap}{}",
                    error.message()
                ),
            )
        })
    };
    let value = match unmarshal(input, ty) {
        Ok(value) => value,
        // Go checks the syntax before `SignedManifest.UnmarshalJSON` runs; libtrust's own
        // decode into a map then says its error as `error unmarshalling content: …`.
        Err(error @ UnmarshalError::Syntax(_)) => return Err(failed(error, "")),
        Err(error) if media_type == DOCKER1_SIGNED => {
            return Err(failed(error, "error unmarshalling content: "))
        }
        Err(error) => return Err(failed(error, "")),
    };
    if media_type == DOCKER1_SIGNED {
        return signed_schema1(input, source_ref).map(Some);
    }
    Ok(Some(Decoded { value, keys: false }))
}

/// What `fromCommon` decoded, and whether its signatures carry keys the model does not read.
struct Decoded<'a> {
    /// Shared with the other models that decode the same type (a 5000-entry index is
    /// decoded once, not copied).
    value: GoValue<'a>,
    keys: bool,
}

/// `joseBase64UrlDecode` (libtrust util.go): padding added, then `base64.URLEncoding`.
fn jose_base64(text: &str) -> Result<Vec<u8>, String> {
    let padding = match text.len() % 4 {
        0 => "",
        2 => "==",
        3 => "=",
        _ => return Err("illegal base64url string".to_owned()),
    };
    // The URL alphabet, as the standard one: `-` and `_` for `+` and `/`, which it refuses.
    let standard: String = text
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            '+' | '/' => '!',
            c => c,
        })
        .chain(padding.chars())
        .collect();
    go_decode::go_base64(&standard).map_err(|at| format!("illegal base64 data at input byte {at}"))
}

/// `schema1.SignedManifest.UnmarshalJSON` (types/docker/schema1/manifest.go@725072f): libtrust's
/// `ParsePrettySignature(b, "signatures")` (jsonsign.go, as distribution v2.8.2 vendors it),
/// then the payload it rebuilds (the body up to `formatLength`, then `formatTail`) decoded as
/// `schema1.Manifest`. Each error is returned as it is, wrapped by `fromCommon`. The keys in
/// the signatures' `jwk` (`UnmarshalPublicKeyJWK`) are not read by the model.
fn signed_schema1<'a>(input: &Input<'a>, source_ref: &str) -> Result<Decoded<'a>, Modelled> {
    let step = "decode";
    let failed = |message: String| {
        source_refused(
            step,
            format!("error unmarshaling manifest for {source_ref}: {message}"),
        )
    };
    let Some(root) = &input.document.root else {
        return Err(Modelled::beyond_parser(step, SOURCE));
    };
    // Go hands `UnmarshalJSON` the value's own bytes, without the whitespace around it: the
    // content libtrust measures `formatLength` in.
    let content = &input.bytes[root.range.start as usize..root.range.end as usize];
    let Some(signatures) = last_member(root, "signatures") else {
        return Err(failed("missing signature key".to_owned()));
    };
    let decoded = go_decode::decode(
        input.arena,
        input.document,
        signatures,
        &JS_PARSED_SIGNATURES,
    );
    if let Some(error) = decoded.error {
        return Err(failed(format!(
            "error unmarshalling signatures: {}",
            error.message()
        )));
    }
    let blocks = decoded.value.unwrap_or(GoValue::Slice(&[]));
    let mut format_length: i64 = 0;
    let mut format_tail: Vec<u8> = Vec::new();
    let mut keys = false;
    for block in blocks.items() {
        let protected = jose_base64(text(Some(block), "protected"))
            .map_err(|e| failed(format!("base64 decode error: {e}")))?;
        if let Some(error) = go_syntax::check_valid(&protected) {
            return Err(failed(format!(
                "error unmarshalling protected header: {}",
                error.message
            )));
        }
        let arena = crate::json::Arena::new();
        let parsed = crate::rules::parse_derived(&protected, &arena);
        let Some(header) = &parsed.document.root else {
            return Err(Modelled::beyond_parser(step, SOURCE));
        };
        let local = bumpalo::Bump::new();
        let decoded = go_decode::decode(&local, &parsed.document, header, &PROTECTED_HEADER);
        if let Some(error) = decoded.error {
            return Err(failed(format!(
                "error unmarshalling protected header: {}",
                error.message()
            )));
        }
        // `readIntFromMap`: a JSON number is a float64, truncated to an int.
        let length = match last_member(header, "formatLength") {
            Some(node) if matches!(node.value, Value::Number) => parsed
                .document
                .number_text(node)
                .parse::<f64>()
                .map_or(0, |n| n as i64),
            _ => return Err(failed("missing formatted length".to_owned())),
        };
        let tail = match last_member(header, "formatTail").map(|node| &node.value) {
            Some(Value::String(tail)) => jose_base64(tail)
                .map_err(|e| failed(format!("base64 decode error on tail: {e}")))?,
            _ => return Err(failed("missing formatted tail".to_owned())),
        };
        if format_length == 0 {
            format_length = length;
        } else if format_length != length {
            return Err(failed("conflicting format length".to_owned()));
        }
        if format_tail.is_empty() {
            format_tail = tail;
        } else if format_tail != tail {
            return Err(failed("conflicting format tail".to_owned()));
        }
        keys |= block.field("header").and_then(|h| h.field("jwk")).is_some();
    }
    if format_length > content.len() as i64 {
        return Err(failed("invalid format length".to_owned()));
    }
    if format_length < 0 {
        return Err(Modelled::unknown(
            step,
            "a negative formatLength: libtrust slices the body with it and panics".to_owned(),
            SOURCE,
        ));
    }
    // `Payload()`, then `json.Unmarshal(sm.Canonical, &manifest)`.
    let mut payload = content[..format_length as usize].to_vec();
    payload.extend_from_slice(&format_tail);
    if let Some(error) = go_syntax::check_valid(&payload) {
        return Err(failed(error.message));
    }
    let arena = crate::json::Arena::new();
    let parsed = crate::rules::parse_derived(&payload, &arena);
    let Some(root) = &parsed.document.root else {
        return Err(Modelled::beyond_parser(step, SOURCE));
    };
    let local = bumpalo::Bump::new();
    let manifest = super::unmarshalled(go_decode::decode(
        &local,
        &parsed.document,
        root,
        &SCHEMA1_MANIFEST,
    ))
    .map_err(|error| failed(error.message()))?;
    Ok(Decoded {
        // The payload is parsed here, so the value is copied where the input's values live.
        value: manifest.copied_into(input.arena),
        keys,
    })
}

/// `descriptor.GetData`: the entry's `data`, when its length is the size and its digest the
/// digest (the sha256 ones checked; another algorithm is taken as not matching).
fn data_serves(entry: GoValue) -> bool {
    let Some(data) = entry.field("data").and_then(GoValue::bytes) else {
        return false;
    };
    data.len() as i64 == go_decode::int(Some(entry), "size")
        && crate::digest::sha256(&data) == text(Some(entry), "digest")
}

/// What a registry answers for a digest no registry can hold (go-digest refuses it): the
/// model takes distribution's 404 (its route does not match such a path).
const UNSERVABLE: &str = "the registry answers 404 for a digest no registry can hold, as distribution does (another status, other words)";

/// `BlobCopy` of one descriptor from the source (`reference` as the copy names it: the source's
/// for an image's blobs, `<repo>@<digest>` for an index's entry): `Ok(true)` when the registry
/// is known to serve it, `Ok(false)` when not known, the refusal when it is known not to (or
/// at another size than the descriptor's, which reghttp compares with `Content-Length`), or
/// when the digest is one no registry can hold.
fn blob_fetch(
    descriptor: GoValue,
    lookup: Lookup<'_>,
    reference: impl Fn() -> String,
) -> Result<bool, Modelled> {
    let digest = text(Some(descriptor), "digest");
    let size = go_decode::int(Some(descriptor), "size");
    let failed = |cause: String| {
        refuse(
            "copy blobs",
            format!(
                "failed to get blob, digest {digest}, ref {}: {cause}",
                reference()
            ),
        )
    };
    let not_found = || {
        failed(format!(
            "request failed: not found [http 404]: {ERROR_BODY}"
        ))
    };
    if go_digest::validate(digest).is_err() {
        return Err(Modelled {
            condition: Some(UNSERVABLE.to_owned()),
            ..not_found()
        });
    }
    match lookup {
        Lookup::Unknown => Ok(false),
        Lookup::Absent => Err(not_found()),
        Lookup::Held(stored) if size > 0 && stored.size as i64 != size => Err(failed(format!(
            "unexpected content-length, expected {size}, received {}",
            stored.size
        ))),
        Lookup::Held(_) => Ok(true),
    }
}

/// `imageCopyOpt` over an index's entries, in the document's order (regctl copies them side
/// by side and says the first error to come back).
fn entries(input: &Input<'_>, document: GoValue) -> Result<Option<String>, Modelled> {
    let mut not_known = Vec::new();
    let source = repository(input);
    for entry in items(Some(document), "manifests") {
        let digest = text(Some(entry), "digest");
        let media_type = text(Some(entry), "mediaType");
        // `refSrc.SetDigest`: the entry's reference names its digest and no tag. Made when
        // an error names it: once per entry, it was two thirds of this model's time on an index.
        let reference = || format!("{source}@{digest}");
        if ENTRY_MANIFEST_TYPES.contains(&media_type) {
            if data_serves(entry) {
                not_known.push(digest);
                continue;
            }
            let not_found = || {
                source_refused(
                    "copy children",
                    format!(
                        "failed to get manifest {}: request failed: not found [http 404]: {ERROR_BODY}",
                        reference()
                    ),
                )
            };
            if go_digest::validate(digest).is_err() {
                return Err(Modelled {
                    condition: Some(UNSERVABLE.to_owned()),
                    ..not_found()
                });
            }
            match input.lookup_manifest(digest) {
                Lookup::Held(_) => {}
                Lookup::Unknown => not_known.push(digest),
                Lookup::Absent => return Err(not_found()),
            }
        } else if ENTRY_BLOB_TYPES.contains(&media_type) {
            if !blob_fetch(entry, input.lookup_blob(digest), reference)? {
                not_known.push(digest);
            }
        } else {
            // An unknown type: an image copy first, a blob copy when that fails (whose error
            // is the one said).
            match input.lookup(digest) {
                Lookup::Held(stored) if stored.manifest_media_type.is_some() => {}
                lookup => {
                    if !blob_fetch(entry, lookup, reference)? {
                        not_known.push(digest);
                    }
                }
            }
        }
    }
    Ok((!not_known.is_empty()).then(|| {
        format!(
            "the registry serves every entry ({}) and each copies (every platform: no --platform)",
            listed(not_known.iter().copied())
        )
    }))
}

/// `imageCopyOpt` over an image: its config (`GetConfig`; none for schema 1 or an artifact
/// manifest) and its layers (`GetLayers`: schema 1's `fsLayers`, an artifact's `blobs`), less
/// the layers with `urls`, blob-copied in this order.
fn blobs(
    input: &Input<'_>,
    document: GoValue,
    media_type: &str,
) -> Result<Option<String>, Modelled> {
    let config = match media_type {
        OCI1_MANIFEST | DOCKER2 => Some(document.field("config").unwrap_or(GoValue::Struct(&[]))),
        _ => None,
    };
    let schema1 = media_type == DOCKER1 || media_type == DOCKER1_SIGNED;
    let layer_field = match media_type {
        DOCKER1 | DOCKER1_SIGNED => "fsLayers",
        OCI1_ARTIFACT => "blobs",
        _ => "layers",
    };
    let source_ref = format!("{}:<tag>", repository(input));
    let mut not_known = Vec::new();
    let layers = items(Some(document), layer_field)
        .iter()
        .filter(|layer| items(Some(*layer), "urls").is_empty());
    for descriptor in config.into_iter().chain(layers) {
        // A schema 1 layer is a descriptor of its `blobSum` alone.
        let digest = if schema1 {
            text(Some(descriptor), "blobSum")
        } else {
            text(Some(descriptor), "digest")
        };
        let fields;
        let descriptor = if schema1 {
            fields = [("digest", GoValue::Str(digest))];
            GoValue::Struct(&fields)
        } else {
            descriptor
        };
        if !blob_fetch(descriptor, input.lookup_blob(digest), || source_ref.clone())? {
            not_known.push(digest);
        }
    }
    Ok((!not_known.is_empty()).then(|| {
        format!(
            "the registry serves {} with the sizes given",
            listed(not_known.iter().copied())
        )
    }))
}

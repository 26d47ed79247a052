//! distribution's `PUT /v2/<name>/manifests/<tag>`, at v2.8 (Debian's `docker-registry`
//! 2.8.2) and v3 (tag v3.0.0): `registry/handlers/manifests.go` `PutManifest` reads the body
//! (4 MiB at most), picks the unmarshaller by the `Content-Type` (`mime.ParseMediaType`; v2.8
//! falls back to signed schema 1 for an unknown or missing type, v3 has no fallback), decodes,
//! and the storage handler of the manifest's kind verifies the schema version and each
//! reference. The answer's first error is what is said: its code, message and detail (an
//! `encoding/json` error serialized, `{}` for other errors). The two versions share every step
//! but the ones [`Release`] names.

use super::go_decode::{int, items, text, GoItems, GoValue};
use super::go_digest::{self, DigestError};
use super::go_types::GoType;
use super::types_distribution::{
    CONFIG_OR_LAYERS_FIELDS, LIST, MANIFESTS_FIELD, OCI, SCHEMA2, V3_INDEX, V3_LIST, V3_OCI,
    V3_SCHEMA2,
};

use crate::text::TextRange;

use super::{go_mime, listed, unmarshal, Input, Lookup, Modelled, UnmarshalError};

/// What differs between the versions modelled.
pub(super) struct Release {
    /// The types a schema 2 manifest, an OCI manifest, a Docker list and an OCI index are
    /// decoded into.
    schema2: &'static GoType,
    oci: &'static GoType,
    list: &'static GoType,
    oci_index: &'static GoType,
    /// Whether an unregistered `Content-Type` falls back to signed schema 1.
    schema1_default: bool,
    /// Whether an index's children are looked up among manifests only (else among manifests
    /// and blobs).
    children_as_manifests: bool,
    /// Whether a reference is checked as v3's code does ([`reference_v3`]), else as v2.8.2
    /// was recorded ([`reference_v2_8`]).
    references_by_code: bool,
    /// Whether `validation` is enabled (the default: with no allow or deny list, no URL is
    /// allowed); Harbor ships its registry with `validation: disabled: true`.
    validates_urls: bool,
    source: &'static str,
}

pub(super) static V2_8: Release = Release {
    schema2: &SCHEMA2,
    oci: &OCI,
    // v2.8 reads an OCI index as a `manifestlist.ManifestList` (manifest/manifestlist/manifestlist.go@v2.8.2).
    list: &LIST,
    oci_index: &LIST,
    schema1_default: true,
    // registry/storage/registry.go@v2.8.2: a repository's manifest links include blob links.
    children_as_manifests: false,
    references_by_code: false,
    validates_urls: true,
    source: "model: distribution v2.8.2 registry/handlers/manifests.go PutManifest, manifest/{schema2,ocischema,manifestlist} UnmarshalJSON and validateManifest/validateIndex, registry/storage/{schema2,ocischema,manifestlist}manifesthandler.go verifyManifest, go-digest Validate",
};

pub(super) static V3: Release = Release {
    // manifest/{schema2,ocischema,manifestlist}@v3.0.0: image-spec v1.1.0's `v1.Descriptor`.
    schema2: &V3_SCHEMA2,
    oci: &V3_OCI,
    list: &V3_LIST,
    // manifest/ocischema/index.go@v3.0.0: `ImageIndex`, registered for the OCI index type.
    oci_index: &V3_INDEX,
    // manifests.go@v3.0.0 `UnmarshalManifest`: manifest/schema1 is gone and nothing registers
    // the default (`""`), so an unregistered type is "unsupported manifest media type and no
    // default available".
    schema1_default: false,
    // registry/storage/registry.go@v3.0.0 (commit b2b3f86): manifest links only; and
    // registry/storage/manifestlisthandler.go@v3.0.0 checks every child with
    // `validation.manifests.indexes.platforms` at its default (`all`).
    children_as_manifests: true,
    references_by_code: true,
    validates_urls: true,
    source: "model: distribution v3.0.0 registry/handlers/manifests.go PutManifest, manifests.go UnmarshalManifest, manifest/{schema2,ocischema,manifestlist} UnmarshalJSON, manifest/ocischema/index.go, validateManifest/validateIndex, registry/storage/{schema2,ocischema,manifestlist}manifesthandler.go verifyManifest, registry/storage/registry.go, go-digest v1.0.0 Validate",
};

/// Harbor's registry: its fork of v2.8 (`REGISTRY_SRC_TAG=v2.8.3-harbor.1`, Makefile@c50c7dd),
/// configured with `validation: disabled: true`
/// (make/photon/prepare/templates/registry/config.yml.jinja@c50c7dd).
pub(super) static HARBOR_REGISTRY: Release = Release {
    validates_urls: false,
    source: "model: goharbor/harbor @c50c7dd's registry: distribution v2.8.3-harbor.1 with validation disabled (registry/handlers/app.go@v2.8.2 configures no URL allow or deny list then), registry/storage/{schema2,ocischema}manifesthandler.go@v2.8.2 verifyManifest",
    ..V2_8
};

/// The client half of v2.8 that moby vendors (docker/distribution v2.8.3+incompatible in
/// vendor/modules.txt@b985e23; its manifest packages and `manifests.go` are v2.8.2's, byte for
/// byte): the same unmarshallers, but manifest/schema1 is not vendored, so nothing registers
/// the default and an unregistered `Content-Type` has no unmarshaller (as in v3).
pub(super) static MOBY_VENDORED: Release = Release {
    schema1_default: false,
    source: "model: moby @b985e23 vendor/github.com/docker/distribution (v2.8.3) manifests.go UnmarshalManifest, manifest/{schema2,ocischema,manifestlist} UnmarshalJSON",
    ..V2_8
};

const SCHEMA2_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";
const LIST_TYPE: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI_MANIFEST_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX_TYPE: &str = "application/vnd.oci.image.index.v1+json";
const MAX_BODY: usize = 4 << 20;
/// The manifest types v3 registers an unmarshaller for.
const REGISTERED: [&str; 4] = [SCHEMA2_TYPE, LIST_TYPE, OCI_MANIFEST_TYPE, OCI_INDEX_TYPE];

fn invalid(release: &Release, step: &'static str, detail: &str) -> Modelled {
    Modelled::refuse(
        step,
        format!("MANIFEST_INVALID: manifest invalid; {detail}"),
        release.source,
    )
}

/// An unmarshalling error as the answer's detail: Go's error types serialized, `{}` for the rest.
fn unmarshal_refusal(release: &Release, step: &'static str, error: &UnmarshalError) -> Modelled {
    let refusal = match error {
        UnmarshalError::Syntax(e) => {
            invalid(release, step, &format!("{{\"Offset\":{}}}", e.offset))
        }
        UnmarshalError::Decode(e) => invalid(release, step, &e.as_detail()),
        UnmarshalError::BeyondParser => Modelled::unknown(step, error.message(), release.source),
    };
    refusal.at(error.range())
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Schema2,
    Oci,
    List,
    OciIndex,
}

/// Why `distribution.UnmarshalManifest` failed, with what its error says where a caller shows
/// it (Harbor wraps the text; distribution's own answer serializes it as `{}` but for JSON's
/// errors).
pub(super) enum Unmarshalling {
    /// `mime.ParseMediaType`'s error.
    ContentType(&'static str),
    /// An unregistered or missing `Content-Type`, read as signed schema 1 (v2.8's default).
    Schema1,
    /// v3: an unregistered `Content-Type` and no default.
    NoDefault(String),
    Json(UnmarshalError),
    /// `validateManifest` / `validateIndex`: the fields of the other kind.
    Ambiguous(&'static str),
    /// The document's own `mediaType` against the one its unmarshaller is for, and where it is.
    MediaType(String, Option<TextRange>),
}

/// `distribution.UnmarshalManifest(Content-Type, body)`: the unmarshaller the header picks, the
/// kind checks and the decode, and the document's own `mediaType` checked.
pub(super) fn unmarshal_manifest<'a>(
    input: &Input<'a>,
    release: &Release,
) -> Result<(Format, GoValue<'a>), Unmarshalling> {
    let media_type = match input.content_type.filter(|h| !h.is_empty()) {
        None => String::new(),
        Some(header) => go_mime::parse_media_type(header).map_err(Unmarshalling::ContentType)?,
    };
    let format = match media_type.as_str() {
        SCHEMA2_TYPE => Format::Schema2,
        OCI_MANIFEST_TYPE => Format::Oci,
        LIST_TYPE => Format::List,
        OCI_INDEX_TYPE => Format::OciIndex,
        // Every other type, and none, is read as signed schema 1 (the registered default).
        _ if release.schema1_default => return Err(Unmarshalling::Schema1),
        _ => {
            return Err(Unmarshalling::NoDefault(format!(
                "unsupported manifest media type and no default available: {media_type}"
            )))
        }
    };
    let decoded = match format {
        Format::Oci => unmarshal(input, &MANIFESTS_FIELD).and_then(|probe| {
            if probe.field("manifests").is_some() {
                return Ok(None);
            }
            unmarshal(input, release.oci).map(Some)
        }),
        Format::OciIndex => unmarshal(input, &CONFIG_OR_LAYERS_FIELDS).and_then(|probe| {
            if probe.field("config").is_some() || probe.field("layers").is_some() {
                return Ok(None);
            }
            unmarshal(input, release.oci_index).map(Some)
        }),
        Format::Schema2 => unmarshal(input, release.schema2).map(Some),
        Format::List => unmarshal(input, release.list).map(Some),
    };
    let manifest = match decoded {
        Err(error) => return Err(Unmarshalling::Json(error)),
        Ok(None) if format == Format::Oci => {
            return Err(Unmarshalling::Ambiguous(
                "ocimanifest: expected manifest but found index",
            ))
        }
        Ok(None) => {
            return Err(Unmarshalling::Ambiguous(
                "index: expected index but found manifest",
            ))
        }
        Ok(Some(manifest)) => manifest,
    };
    // manifest/{schema2,ocischema,manifestlist}@v2.8.2: the words of each unmarshaller.
    let declared = text(Some(manifest), "mediaType");
    let (expected, optional, what) = match format {
        Format::Schema2 => (SCHEMA2_TYPE, false, "manifest"),
        Format::List => (LIST_TYPE, false, "manifest list"),
        Format::Oci => (OCI_MANIFEST_TYPE, true, "manifest"),
        Format::OciIndex => (OCI_INDEX_TYPE, true, "image index"),
    };
    if declared != expected && !(optional && declared.is_empty()) {
        let present = if optional { "if present, " } else { "" };
        // Go keeps the last of duplicated keys.
        let at = input.document.root.as_ref().and_then(|root| {
            root.members()?
                .iter()
                .rev()
                .find(|member| member.key == "mediaType")
                .map(|member| member.value.range)
        });
        return Err(Unmarshalling::MediaType(
            format!("{present}mediaType in {what} should be '{expected}' not '{declared}'"),
            at,
        ));
    }
    Ok((format, manifest))
}

pub(super) fn push(input: &Input<'_>, release: &Release) -> Modelled {
    if input.bytes.len() > MAX_BODY {
        return invalid(release, "read body", "http: request body too large");
    }
    let (format, manifest) = match unmarshal_manifest(input, release) {
        Ok(decoded) => decoded,
        Err(Unmarshalling::ContentType(_)) => return invalid(release, "parse Content-Type", "{}"),
        // 2.8 refuses schema 1 anyway.
        Err(Unmarshalling::Schema1) => return schema1(input, release),
        // The error is not JSON's, so its detail is `{}`.
        Err(Unmarshalling::NoDefault(_)) => return invalid(release, "choose unmarshaller", "{}"),
        Err(Unmarshalling::Json(error)) => return unmarshal_refusal(release, "decode", &error),
        Err(Unmarshalling::Ambiguous(_)) => {
            return invalid(release, "check ambiguous fields", "{}")
        }
        Err(Unmarshalling::MediaType(_, at)) => {
            return invalid(release, "check mediaType", "{}").at(at)
        }
    };
    if int(Some(manifest), "schemaVersion") != 2 {
        return Modelled::refuse(
            "verify schema version",
            "UNKNOWN: unknown error; {}".to_owned(),
            release.source,
        );
    }
    verify_references(input, release, format, manifest)
}

fn schema1(input: &Input<'_>, release: &Release) -> Modelled {
    let signed = input
        .document
        .root
        .as_ref()
        .and_then(|root| root.get("signatures"))
        .is_some();
    if signed {
        return Modelled::unknown(
            "unmarshal schema 1",
            "signed schema 1 (libtrust verification) is not modelled".to_owned(),
            release.source,
        );
    }
    invalid(release, "unmarshal schema 1", "{}")
}

/// `verifyManifest`: each reference in order (the config, then the layers; or the list's
/// entries); the first failure is the answer's first error. A reference the repository does
/// not hold (known when the store is) is `MANIFEST_BLOB_UNKNOWN`; one not known to be there
/// or not is a condition.
fn verify_references(
    input: &Input<'_>,
    release: &Release,
    format: Format,
    manifest: GoValue,
) -> Modelled {
    let references: Vec<GoValue> = match format {
        Format::Schema2 | Format::Oci => manifest
            .field("config")
            .into_iter()
            .chain(items(Some(manifest), "layers"))
            .collect(),
        Format::List | Format::OciIndex => items(Some(manifest), "manifests").iter().collect(),
    };
    // A config left out is still a reference, with an empty digest.
    let missing_config =
        matches!(format, Format::Schema2 | Format::Oci) && manifest.field("config").is_none();
    if missing_config {
        return digest_refusal(release, DigestError::InvalidFormat);
    }
    let mut not_known = Vec::new();
    let mut looked_up = 0;
    for reference in references {
        let media_type = text(Some(reference), "mediaType");
        let urls = items(Some(reference), "urls");
        let digest = text(Some(reference), "digest");
        let checked = if !release.validates_urls {
            reference_unvalidated(format, media_type, urls, digest)
        } else if release.references_by_code {
            reference_v3(format, media_type, !urls.is_empty(), digest)
        } else {
            reference_v2_8(format, media_type, urls, digest)
        };
        match checked {
            Reference::LookUp => {}
            Reference::Skip => continue,
            Reference::Digest(error) => return digest_refusal(release, error),
            Reference::Url => return unknown_error(release),
        }
        let child = matches!(format, Format::List | Format::OciIndex);
        let lookup = if child && release.children_as_manifests {
            input.lookup_manifest(digest)
        } else {
            input.lookup(digest)
        };
        let blob_unknown = || {
            Modelled::refuse(
                "verify references",
                format!("MANIFEST_BLOB_UNKNOWN: blob unknown to registry; {digest}"),
                release.source,
            )
        };
        match lookup {
            Lookup::Absent => return blob_unknown(),
            // v3 stores manifests of its four registered types only (manifests.go@v3.0.0), and
            // looks children up among them: an entry naming another type (a layer, as in
            // BuildKit's cache list) is refused unless what it names was pushed as a manifest.
            Lookup::Unknown
                if child
                    && release.children_as_manifests
                    && !media_type.is_empty()
                    && !REGISTERED.contains(&media_type) =>
            {
                return Modelled {
                    condition: Some(format!(
                        "the repository holds no manifest {digest} (its entry says {media_type})"
                    )),
                    ..blob_unknown()
                };
            }
            Lookup::Unknown => not_known.push(digest.to_owned()),
            Lookup::Held(_) => {}
        }
        looked_up += 1;
    }
    // What the repository is not known to hold (all of it when nothing is known).
    let condition = (!not_known.is_empty()).then(|| {
        let names = listed(not_known.iter().map(String::as_str));
        match format {
            _ if not_known.len() < looked_up => format!("the repository holds {names}"),
            Format::List | Format::OciIndex => {
                format!("the repository holds the manifests listed ({names})")
            }
            _ => format!("the repository holds the config and layer blobs ({names})"),
        }
    });
    Modelled::accept("verify references", condition, release.source)
}

/// What `verifyManifest` does with one reference before looking it up.
enum Reference {
    LookUp,
    /// Not looked up (a foreign or non-distributable layer served from its URLs).
    Skip,
    Digest(DigestError),
    /// `errMissingURL`, `errInvalidURL`.
    Url,
}

/// The layer types `verifyManifest` checks the URLs of in an OCI manifest.
const OCI_LAYER_TYPES: [&str; 4] = [
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
];

const FOREIGN_LAYER: &str = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

/// v2.8.2 as recorded: a schema 2 foreign layer needs URLs, while an OCI non-distributable
/// one is looked up like any blob; an OCI layer with URLs is refused and a schema 2 one is
/// not; the URLs are checked before the digest.
fn reference_v2_8(format: Format, media_type: &str, urls: GoItems, digest: &str) -> Reference {
    let foreign = format == Format::Schema2 && media_type == FOREIGN_LAYER;
    if foreign && (urls.is_empty() || !urls.iter().all(|u| acceptable_url(u.text()))) {
        return Reference::Url;
    }
    if format == Format::Oci && !urls.is_empty() {
        return Reference::Url;
    }
    if foreign {
        return Reference::Skip;
    }
    match go_digest::validate(digest) {
        Ok(()) => Reference::LookUp,
        Err(error) => Reference::Digest(error),
    }
}

/// v3.0.0's `verifyManifest` (registry/storage/{schema2,ocischema}manifesthandler.go@v3.0.0),
/// with `validation` at its default (registry/handlers/app.go@v3.0.0: enabled, and with no
/// allow or deny list it allows no URL): the digest first (`descriptor.Digest.Validate()`);
/// a schema 2 foreign layer is never looked up and always refused (no URL: `errMissingURL`,
/// any URL: `errInvalidURL`); an OCI layer of the four layer types with URLs is refused
/// (`errInvalidURL`), and every other reference is looked up whatever its URLs.
fn reference_v3(format: Format, media_type: &str, has_urls: bool, digest: &str) -> Reference {
    if let Err(error) = go_digest::validate(digest) {
        return Reference::Digest(error);
    }
    let oci_layer = OCI_LAYER_TYPES.contains(&media_type);
    match format {
        Format::Schema2 if media_type == FOREIGN_LAYER => Reference::Url,
        Format::Oci if oci_layer && has_urls => Reference::Url,
        _ => Reference::LookUp,
    }
}

/// `verifyManifest` at v2.8.2 with validation disabled, so with no allow or deny list
/// (registry/storage/{schema2,ocischema}manifesthandler.go@v2.8.2): a schema 2 foreign layer
/// needs URLs, each `http` or `https` without a fragment, and is not looked up; an OCI layer of
/// the four layer types with URLs needs them acceptable; any other reference with URLs is not
/// looked up; without URLs, the blob is (its digest validated by the lookup). A list's or an
/// index's entries are always looked up.
fn reference_unvalidated(
    format: Format,
    media_type: &str,
    urls: GoItems,
    digest: &str,
) -> Reference {
    let acceptable = || urls.iter().all(|u| acceptable_url(u.text()));
    let oci_layer = OCI_LAYER_TYPES.contains(&media_type);
    let manifest = matches!(format, Format::Schema2 | Format::Oci);
    if manifest {
        if format == Format::Schema2 && media_type == FOREIGN_LAYER {
            return if !urls.is_empty() && acceptable() {
                Reference::Skip
            } else {
                Reference::Url
            };
        }
        if format == Format::Oci && oci_layer && !acceptable() {
            return Reference::Url;
        }
        if !urls.is_empty() {
            return Reference::Skip;
        }
    }
    match go_digest::validate(digest) {
        Ok(()) => Reference::LookUp,
        Err(error) => Reference::Digest(error),
    }
}

/// `errMissingURL`, `errInvalidURL`, `errUnexpectedURL`: reported as an unknown error.
fn unknown_error(release: &Release) -> Modelled {
    Modelled::refuse(
        "verify references",
        "UNKNOWN: unknown error".to_owned(),
        release.source,
    )
}

/// A malformed digest found by the blob lookup: go-digest's format error has a code of its
/// own, the other two are unknown errors.
fn digest_refusal(release: &Release, error: DigestError) -> Modelled {
    let message = match error {
        DigestError::InvalidFormat => {
            "DIGEST_INVALID: provided digest did not match uploaded content"
        }
        DigestError::Unsupported | DigestError::InvalidLength => "UNKNOWN: unknown error",
    };
    Modelled::refuse("verify references", message.to_owned(), release.source)
}

/// What `verifyManifest` lets through with no allow or deny list configured: an `http` or
/// `https` URL without a fragment.
fn acceptable_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && !url.contains('#')
}

//! distribution v2.8 (Debian's `docker-registry` 2.8.2), `PUT /v2/<name>/manifests/<tag>`:
//! `registry/handlers/manifests.go` `PutManifest` reads the body (4 MiB at most), picks the
//! unmarshaller by the `Content-Type` (`mime.ParseMediaType`; an unknown or missing type falls
//! back to signed schema 1), decodes, and the storage handler of the manifest's kind verifies
//! the schema version and each reference. The answer's first error is what is said: its
//! code, message and detail (an `encoding/json` error serialized, `{}` for other errors).

use super::go_decode::{int, items, text, GoValue};
use super::go_digest::{self, DigestError};
use super::types_distribution::{CONFIG_OR_LAYERS_FIELDS, LIST, MANIFESTS_FIELD, OCI, SCHEMA2};
use super::{go_mime, unmarshal, Input, Lookup, Modelled, UnmarshalError};

const SOURCE: &str = "model: distribution v2.8.2 registry/handlers/manifests.go PutManifest, manifest/{schema2,ocischema,manifestlist} UnmarshalJSON and validateManifest/validateIndex, registry/storage/{schema2,ocischema,manifestlist}manifesthandler.go verifyManifest, go-digest Validate";

const SCHEMA2_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";
const LIST_TYPE: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI_MANIFEST_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX_TYPE: &str = "application/vnd.oci.image.index.v1+json";
const MAX_BODY: usize = 4 << 20;

fn invalid(step: &'static str, detail: &str) -> Modelled {
    Modelled::refuse(
        step,
        format!("MANIFEST_INVALID: manifest invalid; {detail}"),
        SOURCE,
    )
}

/// An unmarshalling error as the answer's detail: Go's error types serialized, `{}` for the rest.
fn unmarshal_refusal(step: &'static str, error: &UnmarshalError) -> Modelled {
    let refusal = match error {
        UnmarshalError::Syntax(e) => invalid(step, &format!("{{\"Offset\":{}}}", e.offset)),
        UnmarshalError::Decode(e) => invalid(step, &e.as_detail()),
        UnmarshalError::BeyondParser => Modelled::unknown(step, error.message(), SOURCE),
    };
    refusal.at(error.range())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Schema2,
    Oci,
    List,
    OciIndex,
}

pub(super) fn push(input: &Input<'_>) -> Modelled {
    if input.bytes.len() > MAX_BODY {
        return invalid("read body", "http: request body too large");
    }
    let media_type = match input.content_type.filter(|h| !h.is_empty()) {
        None => String::new(),
        Some(header) => match go_mime::parse_media_type(header) {
            Ok(media_type) => media_type,
            Err(_) => return invalid("parse Content-Type", "{}"),
        },
    };
    let format = match media_type.as_str() {
        SCHEMA2_TYPE => Format::Schema2,
        OCI_MANIFEST_TYPE => Format::Oci,
        LIST_TYPE => Format::List,
        OCI_INDEX_TYPE => Format::OciIndex,
        // Every other type, and none, is read as signed schema 1 (the registered default),
        // whose libtrust parse needs a `signatures` member; 2.8 refuses schema 1 anyway.
        _ => return schema1(input),
    };
    let decoded = match format {
        Format::Oci => unmarshal(input, &MANIFESTS_FIELD).and_then(|probe| {
            if probe.field("manifests").is_some() {
                return Ok(None);
            }
            unmarshal(input, &OCI).map(Some)
        }),
        Format::OciIndex => unmarshal(input, &CONFIG_OR_LAYERS_FIELDS).and_then(|probe| {
            if probe.field("config").is_some() || probe.field("layers").is_some() {
                return Ok(None);
            }
            unmarshal(input, &LIST).map(Some)
        }),
        Format::Schema2 => unmarshal(input, &SCHEMA2).map(Some),
        Format::List => unmarshal(input, &LIST).map(Some),
    };
    let manifest = match decoded {
        Err(error) => return unmarshal_refusal("decode", &error),
        // `ocimanifest: expected manifest but found index` and the other way round.
        Ok(None) => return invalid("check ambiguous fields", "{}"),
        Ok(Some(manifest)) => manifest,
    };
    let declared = text(Some(&manifest), "mediaType");
    let media_type_ok = match format {
        Format::Schema2 => declared == SCHEMA2_TYPE,
        Format::List => declared == LIST_TYPE,
        Format::Oci => declared.is_empty() || declared == OCI_MANIFEST_TYPE,
        Format::OciIndex => declared.is_empty() || declared == OCI_INDEX_TYPE,
    };
    if !media_type_ok {
        return invalid("check mediaType", "{}");
    }
    if int(Some(&manifest), "schemaVersion") != 2 {
        return Modelled::refuse(
            "verify schema version",
            "UNKNOWN: unknown error; {}".to_owned(),
            SOURCE,
        );
    }
    verify_references(input, format, &manifest)
}

fn schema1(input: &Input<'_>) -> Modelled {
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
            SOURCE,
        );
    }
    invalid("unmarshal schema 1", "{}")
}

/// `verifyManifest`: each reference in order (the config, then the layers; or the list's
/// entries); the first failure is the answer's first error. A reference the repository does
/// not hold (known when the store is) is `MANIFEST_BLOB_UNKNOWN`; one not known to be there
/// or not is a condition.
fn verify_references(input: &Input<'_>, format: Format, manifest: &GoValue) -> Modelled {
    let references: Vec<&GoValue> = match format {
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
        return digest_refusal(DigestError::InvalidFormat);
    }
    let mut not_known = Vec::new();
    let mut looked_up = 0;
    for reference in references {
        let media_type = text(Some(reference), "mediaType");
        let urls = items(Some(reference), "urls");
        // Measured on 2.8.2: a schema 2 foreign layer needs URLs, while an OCI
        // non-distributable one is looked up like any blob; an OCI layer with URLs is refused
        // (`errUnexpectedURL`) and a schema 2 one is not.
        let foreign = format == Format::Schema2
            && media_type == "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
        if foreign && (urls.is_empty() || !urls.iter().all(|u| acceptable_url(u.text()))) {
            return unknown_error();
        }
        if format == Format::Oci && !urls.is_empty() {
            return unknown_error();
        }
        if foreign {
            continue;
        }
        let digest = text(Some(reference), "digest");
        if let Err(error) = go_digest::validate(digest) {
            return digest_refusal(error);
        }
        match input.lookup(digest) {
            Lookup::Absent => {
                return Modelled::refuse(
                    "verify references",
                    format!("MANIFEST_BLOB_UNKNOWN: blob unknown to registry; {digest}"),
                    SOURCE,
                )
            }
            Lookup::Unknown => not_known.push(digest.to_owned()),
            Lookup::Held(_) => {}
        }
        looked_up += 1;
    }
    // What the repository is not known to hold (all of it when nothing is known).
    let condition = (!not_known.is_empty()).then(|| {
        let listed = not_known.join(", ");
        match format {
            _ if not_known.len() < looked_up => format!("the repository holds {listed}"),
            Format::List | Format::OciIndex => {
                format!("the repository holds the manifests listed ({listed})")
            }
            _ => format!("the repository holds the config and layer blobs ({listed})"),
        }
    });
    Modelled::accept("verify references", condition, SOURCE)
}

/// `errMissingURL`, `errInvalidURL`, `errUnexpectedURL`: reported as an unknown error.
fn unknown_error() -> Modelled {
    Modelled::refuse(
        "verify references",
        "UNKNOWN: unknown error".to_owned(),
        SOURCE,
    )
}

/// A malformed digest found by the blob lookup: go-digest's format error has a code of its
/// own, the other two are unknown errors.
fn digest_refusal(error: DigestError) -> Modelled {
    let message = match error {
        DigestError::InvalidFormat => {
            "DIGEST_INVALID: provided digest did not match uploaded content"
        }
        DigestError::Unsupported | DigestError::InvalidLength => "UNKNOWN: unknown error",
    };
    Modelled::refuse("verify references", message.to_owned(), SOURCE)
}

/// What `verifyManifest` lets through with no allow or deny list configured: an `http` or
/// `https` URL without a fragment.
fn acceptable_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && !url.contains('#')
}

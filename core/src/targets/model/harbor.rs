//! Harbor v2 (goharbor/harbor @c50c7dd), `PUT /v2/<project>/<repo>/manifests/<reference>`:
//! Harbor core reads the body and unmarshals it with distribution v2.8.2's
//! `UnmarshalManifest` in its quota and blob middlewares (src/server/middleware/{quota,blob}/
//! put_manifest.go), answering `MANIFEST_INVALID` with the Go error's words; then proxies the
//! request to its registry, distribution v2.8.3-harbor.1 with validation disabled, whose answer
//! it passes on; then records the artifact (src/server/registry/manifest.go `putManifest` →
//! `artifact.Ctl.Ensure`), where every entry of an index must already be an artifact of the
//! repository (src/controller/artifact/manifest/index.go); then, after the push, decodes the
//! body as image-spec's `v1.Manifest` to find a `subject` (src/server/middleware/subject/
//! subject.go), and a failure there is answered as an internal error. Harbor's errors are
//! `{"errors":[{"code":…,"message":…}]}` (src/lib/http/error.go): said as `CODE: message`.

use super::distribution::{self, Format, Unmarshalling, HARBOR_REGISTRY};
use super::go_decode::{items, text};
use super::go_types::GoType;
use super::types_image_spec::MANIFEST_V1_1_TYPE;
use super::{listed, unmarshal, Input, Lookup, Modelled, Verdict};

const SOURCE: &str = "model: goharbor/harbor @c50c7dd src/lib/request.go ReadRequestBody, src/server/middleware/{quota,blob}/put_manifest.go (distribution v2.8.2 UnmarshalManifest), src/server/registry/manifest.go putManifest, src/controller/artifact/manifest/index.go, src/server/middleware/subject/subject.go, src/lib/http/error.go; its registry: distribution v2.8.3-harbor.1, validation disabled";

/// `common.MaxManifestBodySize` (src/common/const.go@c50c7dd).
const MAX_BODY: usize = 4 << 20;

/// The manifest types Harbor's registry stores as manifests (its unmarshallers' types).
const MANIFEST_TYPES: [&str; 6] = [
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
];

/// libtrust's `ParsePrettySignature` first decodes the body into this.
static SIGNATURE_MAP: GoType = GoType::StringMap(&GoType::RawMessage);

fn refuse(step: &'static str, message: String) -> Modelled {
    Modelled::refuse(step, message, SOURCE)
}

pub(super) fn push(input: &Input<'_>) -> Modelled {
    // `lib.ReadRequestBody(r, MaxManifestBodySize)`: one byte over is a 413.
    if input.bytes.len() > MAX_BODY {
        return refuse(
            "read body",
            "REQUEST_ENTITY_TOO_LARGE: request entity too large".to_owned(),
        );
    }
    if let Some(refusal) = harbor_unmarshal(input) {
        return refusal;
    }
    let registry = distribution::push(input, &HARBOR_REGISTRY);
    if registry.verdict != Verdict::Accept {
        return registry;
    }
    let ensured = match artifacts(input) {
        Ok(condition) => condition,
        Err(refusal) => return refusal,
    };
    // After the answer: the subject middleware's `json.Unmarshal(body, &ocispec.Manifest{})`
    // (image-spec v1.1.1) fails on what distribution v2.8 never decoded (`subject`,
    // `artifactType`, a descriptor's `data` in base64); its plain error is a 500.
    if let Err(error) = unmarshal(input, &MANIFEST_V1_1_TYPE) {
        let refused = refuse(
            "record subject",
            "UNKNOWN: internal server error".to_owned(),
        )
        .at(error.range());
        return Modelled {
            condition: Some(format!(
                "the manifest is stored all the same; Harbor logs {}",
                error.message()
            )),
            ..refused
        };
    }
    // An index's entries being artifacts says more than the registry holding them.
    Modelled::accept("record artifact", ensured.or(registry.condition), SOURCE)
}

/// The quota and blob middlewares' `distribution.UnmarshalManifest(Content-Type, body)`, its
/// error wrapped as `unmarshal manifest failed` with the code `MANIFEST_INVALID` (a 400).
fn harbor_unmarshal(input: &Input<'_>) -> Option<Modelled> {
    let failed = |step: &'static str, cause: String| {
        refuse(
            step,
            format!("MANIFEST_INVALID: unmarshal manifest failed: {cause}"),
        )
    };
    Some(
        match distribution::unmarshal_manifest(input, &HARBOR_REGISTRY) {
            Ok(_) => return None,
            Err(Unmarshalling::ContentType(error)) => {
                failed("parse Content-Type", error.to_owned())
            }
            Err(Unmarshalling::Schema1) => return schema1(input),
            Err(Unmarshalling::NoDefault(error)) => failed("choose unmarshaller", error),
            Err(Unmarshalling::Json(error)) => {
                error.verdict("decode", SOURCE, |error| failed("decode", error.message()))
            }
            Err(Unmarshalling::Ambiguous(error)) => {
                failed("check ambiguous fields", error.to_owned())
            }
            Err(Unmarshalling::MediaType(error, at)) => failed("check mediaType", error).at(at),
        },
    )
}

/// An unregistered or missing `Content-Type`: schema 1's unmarshaller, libtrust's
/// `ParsePrettySignature` (vendor/github.com/docker/libtrust/jsonsign.go@v2.8.2): the body
/// must be an object with a `signatures` member (matched exactly, as a map key); the
/// signatures' verification is not modelled.
fn schema1(input: &Input<'_>) -> Option<Modelled> {
    let step = "unmarshal schema 1";
    let map = match unmarshal(input, &SIGNATURE_MAP) {
        Ok(map) => map,
        Err(super::UnmarshalError::BeyondParser) => {
            return Some(Modelled::beyond_parser(step, SOURCE))
        }
        Err(error) => {
            let at = error.range();
            return Some(
                refuse(
                    step,
                    format!(
                        "MANIFEST_INVALID: unmarshal manifest failed: error unmarshalling content: {}",
                        error.message()
                    ),
                )
                .at(at),
            );
        }
    };
    let signed = map.entries().iter().any(|(key, _)| key == "signatures");
    Some(if signed {
        Modelled::unknown(
            step,
            "signed schema 1 (libtrust verification) is not modelled".to_owned(),
            SOURCE,
        )
    } else {
        refuse(
            step,
            "MANIFEST_INVALID: unmarshal manifest failed: missing signature key".to_owned(),
        )
    })
}

/// `artifact.Ctl.Ensure` → the index abstractor: each entry must already be an artifact of the
/// repository, that is a manifest pushed before the index (`GetByDigest`: "artifact
/// <repo>@<digest> not found", a 404). A manifest's own references were checked by the
/// registry. Returns what the accept holds on.
fn artifacts(input: &Input<'_>) -> Result<Option<String>, Modelled> {
    let Ok((format, manifest)) = distribution::unmarshal_manifest(input, &HARBOR_REGISTRY) else {
        return Ok(None);
    };
    if !matches!(format, Format::List | Format::OciIndex) {
        return Ok(None);
    }
    let repository = input
        .store()
        .map_or("<project>/<repo>", |store| store.repository.as_str());
    let not_found = |digest: &str| {
        refuse(
            "record artifact",
            format!("NOT_FOUND: artifact {repository}@{digest} not found"),
        )
    };
    // Where each entry is (Go keeps the last of duplicated keys).
    let entry_range = |i: usize| {
        let root = input.document.root.as_ref()?;
        let member = root
            .members()?
            .iter()
            .rev()
            .find(|member| member.key == "manifests")?;
        member.value.items()?.get(i).map(|node| node.range)
    };
    let mut not_known = Vec::new();
    for (i, entry) in items(Some(manifest), "manifests").iter().enumerate() {
        let digest = text(Some(entry), "digest");
        let media_type = text(Some(entry), "mediaType");
        match input.lookup_manifest(digest) {
            Lookup::Held(_) => {}
            Lookup::Absent => return Err(not_found(digest).at(entry_range(i))),
            // Only a manifest becomes an artifact: an entry that names a layer (BuildKit's
            // cache list) is refused unless what it names was pushed as a manifest.
            Lookup::Unknown if !MANIFEST_TYPES.contains(&media_type) => {
                return Err(Modelled {
                    condition: Some(format!(
                        "nothing was pushed to the repository as a manifest {digest} (its entry says {media_type})"
                    )),
                    ..not_found(digest).at(entry_range(i))
                });
            }
            Lookup::Unknown => not_known.push(digest),
        }
    }
    Ok((!not_known.is_empty()).then(|| {
        format!(
            "the manifests listed were pushed before it ({})",
            listed(not_known.iter().copied())
        )
    }))
}

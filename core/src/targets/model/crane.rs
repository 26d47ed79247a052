//! go-containerregistry's `crane pull <ref> <file>` (@3f4ff3c), with its default format, the
//! tarball `docker load` reads (cmd/crane/cmd/pull.go@3f4ff3c `NewCmdPull`: `--format`
//! defaults to `tarball`, so `crane.MultiSave`; `--format=oci` and `legacy` are not modelled).
//!
//! The steps, in the program's order:
//! 1. `remote.Get` (pkg/v1/remote/descriptor.go@3f4ff3c `Get`, fetcher.go `fetchManifest`):
//!    the manifest is fetched with every manifest type in `Accept`; its media type is the
//!    served `Content-Type` exactly as sent (no parsing, no lower-casing); a `ParseManifest`
//!    there ignores its errors. The digest is checked only when pulling by digest, where the
//!    registry's content addressing makes it hold; the model assumes a pull by tag.
//! 2. `Descriptor.Image()` (descriptor.go@3f4ff3c): the schema 1 types are refused; the two
//!    index types resolve a child by platform; any other type (no header, parameters, another
//!    case, an unknown type) is taken as an image with a warning (`logs.Warn`, which crane's
//!    main sends to stderr with the date and time before it), which is the verdict `warn`
//!    when nothing later refuses.
//! 3. For an image, `tarball.MultiWriteToFile` (pkg/v1/tarball/write.go@3f4ff3c
//!    `calculateManifest`, then `writeImagesToTar`): `ConfigName` reads the config
//!    (remote/image.go@3f4ff3c `RawConfigFile`: `partial.Manifest`, that is
//!    `v1.ParseManifest`, then the config's inline `data` verified, else the blob fetched);
//!    each layer's descriptor is looked up (`partial.BlobDescriptor`: the config first) and a
//!    non-distributable one needs its diff_id from the config (`partial.BlobToDiffID`); then
//!    each layer is fetched (`remoteImageLayer.Compressed`) and written.
//! 4. For an index, `remoteIndex.childByPlatform` (remote/index.go@3f4ff3c):
//!    `v1.ParseIndexManifest`, the first entry whose platform (linux/amd64 when it has none)
//!    matches linux/amd64 exactly (`matchesPlatform`: no normalisation, no case folding), its
//!    inline `data` verified or its manifest fetched by digest, then that child as an image
//!    (or index) by the entry's own media type.
//!
//! Both parses are `json.NewDecoder(r).Decode(&m)`: one value is read and what follows it is
//! never looked at; a truncated document is `unexpected EOF`. A digest is ggcr's `v1.Hash`,
//! which parses itself as it is decoded (`types_ggcr.rs`).
//!
//! Messages are what crane prints: cobra's `Error: ` and the error as `pull.go` and
//! `tarball` wrap it (`saving tarball <file>: unable to calculate manifest: …` while the
//! tarball's `manifest.json` is computed, `saving tarball <file>: …` while it is written;
//! an index's errors come from `rmt.Image()` and are printed unwrapped). `<file>` and `<ref>`
//! are the command's arguments.

use std::borrow::Cow;

use super::go_decode::{items, text, GoItems, GoValue};
use super::go_syntax::{check_stream, go_quote};
use super::go_types::GoType;
use super::types_ggcr::{INDEX_MANIFEST_TYPE, MANIFEST_TYPE};
use super::{listed, Input, Lookup, Modelled, UnmarshalError};

const SOURCE: &str = "model: go-containerregistry @3f4ff3c cmd/crane/cmd/pull.go NewCmdPull (--format tarball), pkg/crane/pull.go MultiSave, pkg/v1/remote/fetcher.go fetchManifest/fetchBlobURL, remote/descriptor.go Descriptor.Image, remote/index.go childByPlatform/childDescriptor/matchesPlatform, remote/image.go RawConfigFile/Compressed, pkg/v1/manifest.go ParseManifest/ParseIndexManifest, pkg/v1/hash.go Hash.parse, pkg/v1/partial/with.go BlobDescriptor/BlobToDiffID, pkg/v1/tarball/write.go calculateManifest/writeImagesToTar, internal/verify";

const SCHEMA1: &str = "application/vnd.docker.distribution.manifest.v1+json";
const SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
const SCHEMA2: &str = "application/vnd.docker.distribution.manifest.v2+json";
const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";

/// `types.MediaType.IsDistributable` (pkg/v1/types/types.go@3f4ff3c): the three foreign or
/// restricted layer types are not.
const NOT_DISTRIBUTABLE: [&str; 3] = [
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
];

/// `internal/verify.SizeUnknown`: a size of -1 takes the `Content-Length` the registry sends.
const SIZE_UNKNOWN: i64 = -1;

/// The wrapping `pull.go` gives an error of `crane.MultiSave`.
const SAVING: &str = "saving tarball <file>";
/// `tarball.getSizeAndManifest`'s wrapping of `calculateManifest`'s errors.
const CALCULATING: &str = "unable to calculate manifest";

fn refuse(step: &'static str, message: String) -> Modelled {
    Modelled::refuse(step, format!("Error: {message}"), SOURCE)
}

/// `json.NewDecoder(bytes.NewReader(b)).Decode(&v)`: `Decoder.readValue`'s syntax check (one
/// value, `EOF`/`unexpected EOF` when the input ends first), then the decoding.
fn decode<'a>(input: &Input<'a>, ty: &'static GoType) -> Result<GoValue<'a>, UnmarshalError> {
    // A document `json.Unmarshal` takes is one value and spaces, which the stream takes too:
    // then the decode is the one the other models share.
    if input.go_syntax_error().is_none() {
        return super::unmarshal(input, ty);
    }
    if let Some(error) = check_stream(input.bytes) {
        return Err(UnmarshalError::Syntax(error));
    }
    let Some(root) = &input.document.root else {
        // Nested deeper than ocilint's parser goes: the shared path blanks the deep values
        // (its syntax check agrees when the document is that one value).
        return super::unmarshal(input, ty);
    };
    super::unmarshalled(super::go_decode::decode(
        input.arena,
        input.document,
        root,
        ty,
    ))
}

fn decode_refusal(step: &'static str, prefix: &str, error: UnmarshalError) -> Modelled {
    error.verdict(step, SOURCE, |error| {
        refuse(step, format!("{prefix}{}", error.message()))
    })
}

/// remote/fetcher.go@3f4ff3c `manifestLimit`: the body is read up to 100 MiB.
const MANIFEST_LIMIT: usize = 100 << 20;

pub(super) fn pull(input: &Input<'_>) -> Modelled {
    // `limit.ReadAll` (internal/limit/limit.go@3f4ff3c), in `fetchManifest`.
    if input.bytes.len() > MANIFEST_LIMIT {
        return refuse(
            "fetch manifest",
            format!("body exceeds {MANIFEST_LIMIT} byte limit"),
        );
    }
    // `resp.Header.Get("Content-Type")`: empty when there is none.
    let media_type = input.content_type.unwrap_or("");
    match media_type {
        // descriptor.go@3f4ff3c `newErrSchema1`.
        SCHEMA1 | SCHEMA1_SIGNED => refuse(
            "resolve",
            format!(
                "unsupported MediaType: {}, see https://github.com/google/go-containerregistry/issues/377",
                go_quote(media_type)
            ),
        ),
        OCI_INDEX | LIST => index(input),
        SCHEMA2 | OCI_MANIFEST => image(input, None),
        other => image(
            input,
            Some(format!("Unexpected media type for Image(): {other}")),
        ),
    }
}

/// A descriptor's digest as `v1.Hash.String()` gives it: `:` for the zero value (no digest).
fn hash<'v>(descriptor: GoValue<'v>) -> &'v str {
    match text(Some(descriptor), "digest") {
        "" => ":",
        digest => digest,
    }
}

fn size(descriptor: GoValue) -> i64 {
    descriptor.field("size").map_or(0, GoValue::int)
}

/// `verify.Descriptor` (internal/verify/verify.go@3f4ff3c): inline data's digest, then size.
fn verify_data(descriptor: GoValue, data: &[u8]) -> Result<(), String> {
    let got = crate::digest::sha256(data);
    let want = hash(descriptor);
    if got != want {
        return Err(format!(
            "error verifying Digest; got {}, want {}",
            go_quote(&got),
            go_quote(want)
        ));
    }
    if data.len() as i64 != size(descriptor) {
        return Err(format!(
            "error verifying Size; got {}, want {}",
            data.len(),
            size(descriptor)
        ));
    }
    Ok(())
}

fn data<'v>(descriptor: GoValue<'v>) -> Option<Cow<'v, [u8]>> {
    descriptor.field("data").and_then(GoValue::bytes)
}

/// What fetching a blob (`fetcher.fetchBlobURL`, remote/fetcher.go@3f4ff3c) gives.
enum Fetched {
    Ok,
    /// What the registry holds is not known: the verdict holds on its serving the blob.
    Unknown,
    Refused(String),
}

/// `fetchBlobURL` from the registry's blobs endpoint: the registry's own error for a blob it
/// does not hold (distribution's words), then the `Content-Length` it sends checked against
/// the size given unless that is -1. A digest that is missing is asked for as `:`, which no
/// registry serves.
fn fetch_blob(input: &Input<'_>, descriptor: GoValue) -> Fetched {
    let digest = hash(descriptor);
    let url = format!("{}/blobs/{digest}", input.base_url());
    if digest == ":" {
        // The registry's answer to a path that names no digest (distribution: 404 with its
        // router's body) is not modelled word for word.
        return Fetched::Refused(format!(
            "GET {url}: unexpected status code 404 Not Found: 404 page not found"
        ));
    }
    let declared = size(descriptor);
    match input.lookup_blob(digest) {
        Lookup::Absent => Fetched::Refused(format!(
            "GET {url}: BLOB_UNKNOWN: blob unknown to registry; {digest}"
        )),
        Lookup::Held(stored) => {
            if declared != SIZE_UNKNOWN && declared != stored.size as i64 {
                Fetched::Refused(format!(
                    "GET {url}: Content-Length header {} does not match expected size {declared}",
                    stored.size
                ))
            } else {
                Fetched::Ok
            }
        }
        // No blob has a negative size: a registry that sends `Content-Length` refuses it.
        Lookup::Unknown if declared < SIZE_UNKNOWN => Fetched::Refused(format!(
            "GET {url}: Content-Length header <size of the blob> does not match expected size {declared}"
        )),
        Lookup::Unknown => Fetched::Unknown,
    }
}

/// `partial.BlobDescriptor` (pkg/v1/partial/with.go@3f4ff3c): the config if its digest is
/// the one asked, else the first layer with it.
fn blob_descriptor<'a>(config: GoValue<'a>, layers: GoItems<'a>, digest: &str) -> GoValue<'a> {
    if hash(config) == digest {
        return config;
    }
    layers
        .iter()
        .find(|layer| hash(*layer) == digest)
        .unwrap_or(config)
}

fn image(input: &Input<'_>, warning: Option<String>) -> Modelled {
    let calculating = format!("{SAVING}: {CALCULATING}: ");
    // `ConfigName` -> `RawConfigFile` -> `partial.Manifest` -> `v1.ParseManifest`.
    let manifest = match decode(input, &MANIFEST_TYPE) {
        Ok(manifest) => manifest,
        Err(error) => return decode_refusal("decode", &calculating, error),
    };
    let config = manifest.field("config").unwrap_or(GoValue::Struct(&[]));
    let layers = items(Some(manifest), "layers");
    let mut unknown: Vec<&str> = Vec::new();

    // remote/image.go@3f4ff3c `RawConfigFile`: inline data is verified, else the blob is
    // fetched with the size given (read through `verify.ReadCloser`; a registry serves what
    // the digest names).
    if let Some(bytes) = data(config) {
        if let Err(message) = verify_data(config, &bytes) {
            return refuse("fetch config", format!("{calculating}{message}"));
        }
    } else {
        match fetch_blob(input, config) {
            Fetched::Refused(message) => {
                return refuse("fetch config", format!("{calculating}{message}"))
            }
            Fetched::Unknown => unknown.push(hash(config)),
            Fetched::Ok => {}
        }
    }

    // tarball/write.go@3f4ff3c `calculateManifest`: a layer that is not distributable is
    // listed with its diff_id, which `partial.BlobToDiffID` takes from the config
    // (`v1.ParseConfigFile`), one per layer.
    let mut needs_diff_ids = false;
    for layer in layers {
        let descriptor = blob_descriptor(config, layers, hash(layer));
        if NOT_DISTRIBUTABLE.contains(&text(Some(descriptor), "mediaType")) {
            needs_diff_ids = true;
            let diff_ids = input
                .store()
                .and_then(|store| store.blob(hash(config)))
                .and_then(|stored| stored.diff_ids.as_ref());
            if let Some(diff_ids) = diff_ids {
                if diff_ids.len() != layers.len() {
                    return refuse(
                        "list layers",
                        format!(
                            "{calculating}mismatched fs layers ({}) and diff ids ({})",
                            layers.len(),
                            diff_ids.len()
                        ),
                    );
                }
            }
            break;
        }
    }

    // `writeImagesToTar`: each layer (a digest written once) is fetched, inline data
    // verified as it is read, and written with the size its descriptor gives.
    let mut seen: Vec<&str> = Vec::new();
    for layer in layers {
        let digest = hash(layer);
        if seen.contains(&digest) {
            continue;
        }
        seen.push(digest);
        let descriptor = blob_descriptor(config, layers, digest);
        let declared = size(descriptor);
        // `writeLayer`: `Compressed()` (the fetch, or inline data wrapped to be verified as
        // it is read), then the tar entry's header with the descriptor's size, then the read.
        let fetched = match data(descriptor) {
            Some(_) => Fetched::Ok,
            None => fetch_blob(input, descriptor),
        };
        match fetched {
            Fetched::Refused(message) if items(Some(descriptor), "urls").is_empty() => {
                return refuse("write layers", format!("{SAVING}: {message}"))
            }
            // The registry failed: each foreign URL is validated before any is tried, and
            // what they answer is not known (the last of their errors would be returned).
            Fetched::Refused(_) => {
                let insecure = input.base_url().starts_with("http://");
                for url in items(Some(descriptor), "urls") {
                    if let Some(message) = foreign_url_refused(url.text(), insecure) {
                        return refuse("write layers", format!("{SAVING}: {message}"));
                    }
                }
                unknown.push(digest);
            }
            Fetched::Unknown => unknown.push(digest),
            Fetched::Ok => {}
        }
        if declared < 0 {
            // A negative size goes to archive/tar as the entry's, whose handling of it is
            // not modelled.
            return Modelled::unknown(
                "write layers",
                format!("layer {digest} has size {declared}, which crane gives archive/tar as the tar entry's size: not modelled"),
                SOURCE,
            );
        }
        if let Some(bytes) = data(descriptor) {
            if let Err(message) = read_data(descriptor, &bytes) {
                return refuse("write layers", format!("{SAVING}: {message}"));
            }
        }
    }

    let mut conditions = Vec::new();
    if !unknown.is_empty() {
        conditions.push(format!(
            "the registry serves {} with the sizes given",
            listed(unknown.iter().copied())
        ));
    }
    let urls: Vec<&str> = layers
        .iter()
        .flat_map(|layer| items(Some(layer), "urls"))
        .map(GoValue::text)
        .collect();
    if !urls.is_empty() {
        conditions.push(format!(
            "where the registry does not serve a layer, {} serve it (crane tries the registry first)",
            listed(urls.iter().copied())
        ));
    }
    if needs_diff_ids {
        conditions.push(
            "the config decodes (v1.ParseConfigFile) with one diff_id per layer (a layer that is not distributable is listed with its diff_id)"
                .to_owned(),
        );
    }
    let condition = (!conditions.is_empty()).then(|| conditions.join(", and "));
    match warning {
        Some(warning) => Modelled {
            verdict: crate::targets::Verdict::Warn,
            message: Some(warning),
            step: "write layers",
            condition,
            source: SOURCE,
            at: None,
        },
        None => Modelled::accept("write layers", condition, SOURCE),
    }
}

/// Inline layer data of a size that is not negative, read through `verify.ReadCloser`
/// (internal/verify/verify.go@3f4ff3c): limited to the size given; at its end, a size short
/// of the one given, else the digest of what was read.
fn read_data(descriptor: GoValue, data: &[u8]) -> Result<(), String> {
    let declared = size(descriptor);
    let read = &data[..data.len().min(usize::try_from(declared).unwrap_or(0))];
    if read.len() as i64 != declared {
        return Err(format!(
            "error verifying size; got {}, want {declared}",
            read.len()
        ));
    }
    let got = crate::digest::sha256(read);
    let want = hash(descriptor);
    if got != want {
        return Err(format!(
            "error verifying sha256 checksum after reading {} bytes; got {}, want {}",
            read.len(),
            go_quote(&got),
            go_quote(want)
        ));
    }
    Ok(())
}

/// `validateForeignURL` (remote/fetcher.go@3f4ff3c): https, or http for a registry reached
/// over http; a literal IP host must not be loopback, private, link-local or unspecified. A
/// URL Go's `url.Parse` would refuse is not modelled (taken as valid).
fn foreign_url_refused(url: &str, insecure: bool) -> Option<String> {
    let (scheme, rest) = url.split_once(':').unwrap_or(("", url));
    let scheme = scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "https" => {}
        "http" if insecure => {}
        "http" => {
            return Some(format!(
                "foreign layer URL scheme {} not allowed for a secure registry; use https",
                go_quote(&scheme)
            ))
        }
        _ => {
            return Some(format!(
                "foreign layer URL scheme {} not allowed; must be https (or http for insecure registries)",
                go_quote(&scheme)
            ))
        }
    }
    // `URL.Hostname()`: the authority without user info and port, an IPv6 literal unbracketed.
    let authority = rest
        .strip_prefix("//")?
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    let ip: std::net::IpAddr = host.parse().ok()?;
    let refused = match ip {
        std::net::IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || (v4.octets()[..3] == [224, 0, 0])
        }
        std::net::IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first & 0xff0f) == 0xff02
                || v6.to_ipv4_mapped().is_some_and(|v4| {
                    v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified()
                })
        }
    };
    refused.then(|| {
        format!(
            "foreign layer URL host {} is a private or link-local address",
            go_quote(host)
        )
    })
}

/// `matchesPlatform(p, linux/amd64)` (remote/index.go@3f4ff3c): an entry without a platform
/// is taken as linux/amd64; the required platform names no variant, OS version or features.
fn matches_default_platform(entry: GoValue) -> bool {
    match entry.field("platform") {
        None => true,
        Some(platform) => {
            text(Some(platform), "architecture") == "amd64" && text(Some(platform), "os") == "linux"
        }
    }
}

fn index(input: &Input<'_>) -> Modelled {
    let document = match decode(input, &INDEX_MANIFEST_TYPE) {
        Ok(document) => document,
        Err(error) => return decode_refusal("decode", "", error),
    };
    let entries = items(Some(document), "manifests");
    let Some(chosen) = entries
        .iter()
        .find(|entry| matches_default_platform(*entry))
    else {
        // `%+v` of a `v1.Platform` is its `String()`.
        return refuse(
            "choose manifest",
            "no child with platform linux/amd64 in index <ref>".to_owned(),
        );
    };
    let digest = hash(chosen);
    let media_type = text(Some(chosen), "mediaType");
    // `childDescriptor`: inline data verified, else the manifest fetched by digest with the
    // entry's type as `Accept` (not checked against what is served).
    let mut condition = if let Some(bytes) = data(chosen) {
        if let Err(message) = verify_data(chosen, &bytes) {
            return refuse("fetch child", message);
        }
        None
    } else {
        let url = format!("{}/manifests/{digest}", input.base_url());
        if media_type
            .bytes()
            .any(|c| (c < b' ' && c != b'\t') || c == 0x7f)
        {
            return refuse(
                "fetch child",
                format!("Get \"{url}\": net/http: invalid header field value for \"Accept\""),
            );
        }
        if digest == ":" {
            return refuse(
                "fetch child",
                format!("GET {url}: unexpected status code 404 Not Found: 404 page not found"),
            );
        }
        match input.lookup_manifest(digest) {
            Lookup::Absent => {
                return refuse(
                    "fetch child",
                    format!(
                    "GET {url}: MANIFEST_UNKNOWN: manifest unknown; map[Name:{} Revision:{digest}]",
                    input
                        .store()
                        .map_or("<repo>", |store| store.repository.as_str())
                ),
                )
            }
            Lookup::Held(_) => None,
            Lookup::Unknown => Some(format!("the registry serves the chosen manifest {digest}")),
        }
    };
    // The child is `Descriptor.Image()` again, by the entry's own media type.
    let next = match media_type {
        SCHEMA1 | SCHEMA1_SIGNED => {
            return refuse(
                "choose manifest",
                format!(
                    "unsupported MediaType: {}, see https://github.com/google/go-containerregistry/issues/377",
                    go_quote(media_type)
                ),
            )
        }
        OCI_INDEX | LIST => "that index resolves to an image for linux/amd64 which pulls",
        SCHEMA2 | OCI_MANIFEST => "that image pulls",
        _ => "that image pulls (crane warns of its entry's unexpected media type)",
    };
    condition = Some(match condition {
        Some(fetched) => format!("{fetched}, and {next}"),
        None => format!("the chosen manifest {digest}: {next}"),
    });
    Modelled::accept("choose manifest", condition, SOURCE)
}

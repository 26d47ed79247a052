//! containerd `ctr images pull`, at 1.6 (Debian's 1.6.20) and 2.1 (its default path, the
//! transfer service: the pull runs in the daemon, ctr prints its error). One pipeline, the
//! steps [`Release`] names differing: the resolver takes the served `Content-Type` as the
//! manifest's media type (parameters cut at `;`, `text/plain` read as schema 1, nothing
//! lower-cased); schema 1 goes to the converter (1.6) or is refused once resolved (2.1); a
//! type that is not a manifest or index is fetched from the blobs endpoint, where a manifest is
//! not found; `images.Children` checks the document against its type (`validateMediaType`) and
//! decodes it; each child is fetched (a size of zero refused first); 1.6 filters an index's
//! entries by platform (normalized: case and `x86_64` do not matter) and one must match
//! linux/amd64 (the platform the model assumes, where the corpus was recorded), 2.1 fetches
//! every entry; the layers must be of a type the unpacker has a stream processor for. Its last
//! line is what is said.

use super::go_decode::{items, text, GoItems, GoValue};
use super::go_digest;
use super::types_containerd::{INDEX_TYPE, MANIFEST_TYPE, UNKNOWN_DOCUMENT_TYPE};
use super::{listed, unmarshal, Input, Lookup, Modelled, UnmarshalError};
use crate::targets::UrlAnswer;

/// What decides a pull at one version of containerd.
pub(super) struct Release {
    /// The code the model follows.
    source: &'static str,
    /// ctr pulls through the transfer service (`cmd/ctr/commands/images/pull.go@v2.1.0`,
    /// without `--local`): schema 1 refused once resolved, every entry of an index fetched
    /// (`image.WithAllMetadata`), the daemon's unpacker, errors printed as the daemon wrote
    /// them.
    transfer: bool,
}

pub(super) static V1_6: Release = Release {
    source: "model: containerd v1.6.20 remotes/docker/resolver.go getManifestMediaType, remotes/docker/fetcher.go, remotes/handlers.go fetch, images/image.go Children/validateMediaType/Manifest, platforms Normalize, diff/apply stream processors",
    transfer: false,
};

/// The messages are v2.1.0's (and v2.1.1's). Later patch releases reword two of them, not
/// modelled: from v2.1.2 core/unpack/unpacker.go names a failed layer as `failed to extract
/// layer (<type> <digest>) to <snapshotter> as "<key>"`, from v2.1.3 core/content/helpers.go
/// says a short read as `short read: expected <n> bytes but got <m>`.
pub(super) static V2_1: Release = Release {
    source: "model: containerd v2.1.0 cmd/ctr/commands/images/pull.go (transfer service), core/transfer/local/pull.go, core/transfer/image/imagestore.go ImageFilter, core/remotes/handlers.go FilterManifestByPlatformHandler/fetch, core/remotes/docker/resolver.go getManifestMediaType, core/remotes/docker/fetcher.go, core/images/image.go Children/validateMediaType, core/unpack/unpacker.go, core/images/mediatypes.go IsLayerType/DiffCompression, errdefs pkg/errgrpc",
    transfer: true,
};

const SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
const SCHEMA2_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";
const LIST_TYPE: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI_MANIFEST_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX_TYPE: &str = "application/vnd.oci.image.index.v1+json";

/// The types fetched from the manifests endpoint.
const MANIFEST_TYPES: [&str; 5] = [
    SCHEMA2_TYPE,
    OCI_MANIFEST_TYPE,
    LIST_TYPE,
    OCI_INDEX_TYPE,
    SCHEMA1_SIGNED,
];

/// The layer types 1.6's unpacker can apply.
const LAYER_TYPES: [&str; 10] = [
    "application/vnd.docker.image.rootfs.diff.tar",
    "application/vnd.docker.image.rootfs.diff.tar.gzip",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
    "application/vnd.docker.image.rootfs.foreign.diff.tar",
];

fn refuse(r: &Release, step: &'static str, message: String) -> Modelled {
    Modelled::refuse(step, format!("ctr: {message}"), r.source)
}

fn decode_refusal(
    r: &Release,
    step: &'static str,
    prefix: &str,
    error: UnmarshalError,
) -> Modelled {
    error.verdict(step, r.source, |error| {
        refuse(r, step, format!("{prefix}{}", error.message()))
    })
}

pub(super) fn pull(input: &Input<'_>, r: &Release) -> Modelled {
    let header = input.content_type.unwrap_or("");
    let mut media_type = header.split(';').next().unwrap_or("");
    if media_type == "text/plain" {
        media_type = SCHEMA1_SIGNED;
    }
    // core/transfer/local/pull.go@v2.1.0: schema 1 is refused as soon as it is resolved,
    // before anything is fetched; the error crosses gRPC as InvalidArgument and errgrpc's
    // ToNative gives back the same text.
    // The resolver (core/remotes/docker/resolver.go@v2.1.0) refuses schema 1 itself, with a
    // not-implemented error, only when the registry gives no Docker-Content-Digest and it has
    // to GET the manifest; the transfer service takes a not-implemented error as "try the
    // next transferrer" (plugins/services/transfer/service.go@v2.1.0), whose words are not
    // modelled here.
    if r.transfer && media_type == SCHEMA1_SIGNED {
        return Modelled {
            condition: Some(
                "the registry names the manifest's digest (Docker-Content-Digest) when asked for it, as distribution does; without it 2.1's resolver refuses schema 1 itself, in other words"
                    .to_owned(),
            ),
            ..refuse(
                r,
                "resolve",
                "schema 1 image manifests are no longer supported: invalid argument".to_owned(),
            )
        };
    }
    if input.bytes.is_empty() {
        return refuse(r,
            "fetch manifest",
            format!(
                "unable to fetch descriptor ({}) which reports content size of zero: invalid argument",
                input.digest()
            ),
        );
    }
    match media_type {
        SCHEMA1_SIGNED => refuse(r, "convert schema 1", "no signatures".to_owned()),
        SCHEMA2_TYPE | OCI_MANIFEST_TYPE | LIST_TYPE | OCI_INDEX_TYPE => {
            children(input, media_type, r)
        }
        _ => refuse(r,
            "fetch manifest",
            format!(
                "failed to copy: httpReadSeeker: failed open: could not fetch content descriptor {} ({media_type}) from remote: not found",
                input.digest()
            ),
        ),
    }
}

fn children(input: &Input<'_>, media_type: &str, r: &Release) -> Modelled {
    let invalid_desc = || format!("children: invalid desc {}: ", input.digest());
    let probe = match unmarshal(input, &UNKNOWN_DOCUMENT_TYPE) {
        Ok(probe) => probe,
        Err(error) => return decode_refusal(r, "check media type", &invalid_desc(), error),
    };
    let is_index = media_type == LIST_TYPE || media_type == OCI_INDEX_TYPE;
    if probe.field("fsLayers").is_some() {
        return refuse(
            r,
            "check media type",
            format!("{}media-type: schema 1 not supported", invalid_desc()),
        );
    }
    // The document's own `mediaType` counts too (the GHSA-5j5w-g665-5m35 fix).
    let declared = text(Some(probe), "mediaType");
    let declares_manifest = declared == SCHEMA2_TYPE || declared == OCI_MANIFEST_TYPE;
    let declares_index = declared == LIST_TYPE || declared == OCI_INDEX_TYPE;
    if is_index
        && (declares_manifest || probe.field("config").is_some() || probe.field("layers").is_some())
    {
        return refuse(
            r,
            "check media type",
            format!(
                "{}media-type: expected index but found manifest ({media_type})",
                invalid_desc()
            ),
        );
    }
    if !is_index && (declares_index || probe.field("manifests").is_some()) {
        return refuse(
            r,
            "check media type",
            format!(
                "{}media-type: expected manifest but found index ({media_type})",
                invalid_desc()
            ),
        );
    }
    let document = match unmarshal(
        input,
        if is_index {
            &INDEX_TYPE
        } else {
            &MANIFEST_TYPE
        },
    ) {
        Ok(document) => document,
        Err(error) => return decode_refusal(r, "decode", "", error),
    };
    if is_index {
        index(document, input, r)
    } else {
        manifest(document, input, r)
    }
}

/// `remotes.fetch`: a descriptor whose size is zero is refused before any request; the
/// media type goes into the `Accept` header, which Go's HTTP client refuses with control
/// characters in it; a digest no registry can hold is not found (manifests are asked of the
/// manifests endpoint, anything else of the blobs one); what was read must have the size
/// given, which a negative one never has. With the store known: what is not there is not
/// found, a size larger than the blob's runs out of bytes, a smaller one fails the commit.
fn fetchable(input: &Input<'_>, descriptor: GoValue, r: &Release) -> Result<(), Modelled> {
    let size = descriptor.field("size").map_or(0, GoValue::int);
    let digest = text(Some(descriptor), "digest");
    let media_type = text(Some(descriptor), "mediaType");
    if size == 0 {
        return Err(refuse(r,
            "fetch children",
            format!(
                "unable to fetch descriptor ({digest}) which reports content size of zero: invalid argument"
            ),
        ));
    }
    let is_manifest = MANIFEST_TYPES.contains(&media_type);
    if media_type
        .bytes()
        .any(|c| (c < b' ' && c != b'\t') || c == 0x7f)
    {
        let endpoint = if is_manifest { "manifests" } else { "blobs" };
        return Err(refuse(r,
            "fetch children",
            format!(
                "failed to copy: httpReadSeeker: failed open: failed to do request: Get \"{}/{endpoint}/{digest}\": net/http: invalid header field value for \"Accept\"",
                input.base_url()
            ),
        ));
    }
    // `dockerFetcher.Fetch`: a descriptor's URLs first, the next one after a 404; any other
    // failure ends the fetch. What a URL answers is known only from the environment.
    for url in items(Some(descriptor), "urls") {
        let url = url.text();
        match url_answer(input, url) {
            Some(UrlAnswer::Serves) => return Ok(()),
            Some(UrlAnswer::ConnectionRefused) => {
                return Err(refuse(r,
                    "fetch children",
                    format!(
                        "failed to copy: httpReadSeeker: failed open: failed to do request: Get \"{url}\": dial tcp {}: connect: connection refused",
                        dial_address(url)
                    ),
                ))
            }
            Some(UrlAnswer::NotFound) | None => {}
        }
    }
    let lookup = lookup(input, descriptor);
    let stored = lookup.held();
    if go_digest::validate(digest).is_err() || lookup.is_absent() {
        let message = if is_manifest {
            let path = if digest.is_empty() {
                "manifests".to_owned()
            } else {
                format!("manifests/{digest}")
            };
            format!(
                "failed to copy: httpReadSeeker: failed open: content at {}/{path} not found: not found",
                input.base_url()
            )
        } else {
            format!(
                "failed to copy: httpReadSeeker: failed open: could not fetch content descriptor {digest} ({media_type}) from remote: not found"
            )
        };
        return Err(refuse(r, "fetch children", message));
    }
    // `content.Copy` checks the size it read against the one given: no blob has a
    // negative size.
    let real = stored.map(|stored| stored.size as i64);
    if real.is_some_and(|real| size > real) {
        return Err(refuse(
            r,
            "fetch children",
            "failed to read expected number of bytes: unexpected EOF".to_owned(),
        ));
    }
    if size < 0 || real.is_some_and(|real| size < real) {
        let kind = ref_kind(media_type);
        let real = real.map_or_else(|| "<size of the blob>".to_owned(), |r| r.to_string());
        return Err(refuse(r,
            "fetch children",
            format!(
                "failed commit on ref \"{kind}-{digest}\": commit failed: \"{kind}-{digest}\" failed size validation: {real} != {size}: failed precondition"
            ),
        ));
    }
    Ok(())
}

/// What the registry answers for a descriptor: a manifest is asked of the manifests endpoint,
/// anything else of the blobs one.
fn lookup<'a>(input: &Input<'a>, descriptor: GoValue) -> Lookup<'a> {
    let digest = text(Some(descriptor), "digest");
    let is_manifest = MANIFEST_TYPES.contains(&text(Some(descriptor), "mediaType"));
    if is_manifest {
        input.lookup_manifest(digest)
    } else {
        input.lookup_blob(digest)
    }
}

fn url_answer(input: &Input<'_>, url: &str) -> Option<UrlAnswer> {
    input
        .environment
        .urls
        .iter()
        .find(|(known, _)| known == url)
        .map(|(_, answer)| *answer)
}

/// The URLs of these descriptors whose answer the environment does not know.
fn unknown_urls<'v>(input: &Input<'_>, descriptors: &[GoValue<'v>]) -> Vec<&'v str> {
    descriptors
        .iter()
        .flat_map(|descriptor| items(Some(*descriptor), "urls"))
        .map(GoValue::text)
        .filter(|url| url_answer(input, url).is_none())
        .collect()
}

/// `host:port` as Go's dialer names it: the URL's authority, with the scheme's port when it
/// gives none.
fn dial_address(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if host
        .rsplit_once(':')
        .is_some_and(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
    {
        host.to_owned()
    } else if scheme.eq_ignore_ascii_case("https") {
        format!("{host}:443")
    } else {
        format!("{host}:80")
    }
}

/// `remotes.MakeRefKey`: the ingest reference's prefix for a descriptor's media type.
fn ref_kind(media_type: &str) -> &'static str {
    match media_type {
        SCHEMA2_TYPE | OCI_MANIFEST_TYPE => "manifest",
        LIST_TYPE | OCI_INDEX_TYPE => "index",
        "application/vnd.docker.container.image.v1+json"
        | "application/vnd.oci.image.config.v1+json" => "config",
        media_type if LAYER_TYPES.contains(&media_type) => "layer",
        _ => "unknown",
    }
}

fn manifest(document: GoValue, input: &Input<'_>, r: &Release) -> Modelled {
    let config = document.field("config").unwrap_or(GoValue::Struct(&[]));
    let layers = items(Some(document), "layers");
    for descriptor in std::iter::once(config).chain(layers) {
        if let Err(refusal) = fetchable(input, descriptor, r) {
            return refusal;
        }
    }
    // The unpacker pairs the config's `rootfs.diff_ids` with the layers, one for one.
    let store = input.store();
    let diff_ids = store
        .and_then(|store| store.blob(text(Some(config), "digest")))
        .and_then(|stored| stored.diff_ids.as_deref());
    // core/unpack/unpacker.go@v2.1.0: only the children `images.IsLayerType` names are
    // unpacked; any other is fetched as a non-layer and left out of the count.
    let unpacked: Vec<GoValue> = layers
        .iter()
        .filter(|layer| !r.transfer || is_layer_type(text(Some(*layer), "mediaType")))
        .collect();
    // core/unpack/unpacker.go@v2.1.0 unpacks a config only when some layer goes with it:
    // with none, nothing is counted.
    let unpacks = !(r.transfer && unpacked.is_empty());
    if let Some(ids) = diff_ids.filter(|ids| unpacks && ids.len() != unpacked.len()) {
        // core/unpack/unpacker.go@v2.1.0 counts both in its message.
        let message = if r.transfer {
            format!(
                "number of layers and diffIDs don't match: {} != {}",
                unpacked.len(),
                ids.len()
            )
        } else {
            "mismatched image rootfs and manifest layers".to_owned()
        };
        return refuse(r, "unpack", message);
    }
    // 1.6's ctr applies layers through the diff service, whose errors come back over gRPC
    // with `: unknown` added; 2.1's unpacker applies them in the daemon and the transfer
    // error crosses gRPC unchanged (errgrpc `ToNative`, vendor/github.com/containerd/errdefs/
    // pkg/errgrpc/grpc.go@v2.1.0, keeps an unknown error's text as it is).
    let grpc_suffix = if r.transfer { "" } else { ": unknown" };
    for (i, layer) in unpacked.iter().enumerate() {
        let media_type = text(Some(*layer), "mediaType");
        let diff_id = diff_ids
            .and_then(|ids| ids.get(i))
            .map_or("<diff-id>", String::as_str);
        let Some(compression) = diff_compression(media_type, r) else {
            return refuse(r,
                "unpack",
                format!(
                    "failed to extract layer {diff_id}: failed to get stream processor for {media_type}: no processor for media-type{grpc_suffix}"
                ),
            );
        };
        // Read as an uncompressed tar, gzip'd content ends the tar early. Without the store,
        // a type that says gzip is taken at its word about its content.
        let gzip = store
            .and_then(|store| store.blob(text(Some(*layer), "digest")))
            .map_or(media_type.contains("gzip"), |stored| stored.gzip);
        if compression.is_empty() && gzip {
            return refuse(r,
                "unpack",
                format!(
                    "failed to extract layer {diff_id}: mount callback failed on {}/tmpmounts/containerd-mount<n>: unexpected EOF{grpc_suffix}",
                    input
                        .environment
                        .containerd_root
                        .as_deref()
                        .unwrap_or("/var/lib/containerd")
                ),
            );
        }
    }
    let descriptors: Vec<GoValue> = std::iter::once(config).chain(layers).collect();
    // What the registry is not known to hold (all of it when nothing is known).
    let not_known: Vec<&str> = descriptors
        .iter()
        .filter(|descriptor| lookup(input, **descriptor).is_unknown())
        .map(|descriptor| text(Some(*descriptor), "digest"))
        .collect();
    let config_not_known = lookup(input, config).is_unknown();
    let diff_ids_match = if unpacked.len() == layers.len() {
        "the config's diff_ids match the layers".to_owned()
    } else {
        format!(
            "the config's diff_ids match only the layers of a layer type ({} of {}; the others are fetched, not unpacked)",
            unpacked.len(),
            layers.len()
        )
    };
    let fetched = if not_known.len() == descriptors.len() {
        Some(format!("the registry serves the config and layers with the digests and sizes given, and {diff_ids_match}"))
    } else if not_known.is_empty() {
        None
    } else {
        Some(format!(
            "the registry serves {} with the sizes given{}",
            listed(not_known.iter().copied()),
            if config_not_known {
                format!(", and {diff_ids_match}")
            } else {
                String::new()
            }
        ))
    };
    let conditions: Vec<String> = fetched
        .into_iter()
        .chain(urls_condition(input, &descriptors))
        .collect();
    Modelled::accept(
        "unpack",
        (!conditions.is_empty()).then(|| conditions.join(", and ")),
        r.source,
    )
}

/// What the fetch holds on when descriptors name URLs the environment says nothing of.
fn urls_condition(input: &Input<'_>, descriptors: &[GoValue]) -> Option<String> {
    let urls = unknown_urls(input, descriptors);
    (!urls.is_empty()).then(|| {
        format!(
            "{} serve the content or answer 404 (containerd tries them before the registry)",
            listed(urls.iter().copied())
        )
    })
}

/// `images.DiffCompression`: the compression a layer type names (`unknown`: detected from the
/// content; empty: none, read as a plain tar), split at `+` and nothing else (so a parameter
/// or a space after `+gzip` makes it a plain tar); `None` for a type with no stream processor.
fn diff_compression(media_type: &str, r: &Release) -> Option<&'static str> {
    let mut parts = media_type.split('+');
    let base = parts.next().unwrap_or("");
    let mut extensions: Vec<&str> = parts.collect();
    extensions.sort_unstable();
    let wrapped = !extensions.is_empty();
    match base {
        "application/vnd.docker.image.rootfs.diff.tar"
        | "application/vnd.docker.image.rootfs.foreign.diff.tar" => {
            Some(if wrapped { "" } else { "unknown" })
        }
        "application/vnd.docker.image.rootfs.diff.tar.gzip"
        | "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip" => {
            Some(if wrapped { "" } else { "gzip" })
        }
        // core/images/mediatypes.go@v2.1.0 DiffCompression: Docker's zstd layer type.
        "application/vnd.docker.image.rootfs.diff.tar.zstd" if r.transfer => {
            Some(if wrapped { "" } else { "zstd" })
        }
        "application/vnd.oci.image.layer.v1.tar"
        | "application/vnd.oci.image.layer.nondistributable.v1.tar" => {
            Some(match extensions.last() {
                Some(&"gzip") => "gzip",
                Some(&"zstd") => "zstd",
                _ => "",
            })
        }
        _ => None,
    }
}

fn is_manifest_or_index(media_type: &str) -> bool {
    [SCHEMA2_TYPE, OCI_MANIFEST_TYPE, LIST_TYPE, OCI_INDEX_TYPE].contains(&media_type)
}

/// `images.IsLayerType` (core/images/mediatypes.go@v2.1.0): any OCI layer type, or a Docker
/// layer type once its `+` suffixes are cut.
fn is_layer_type(media_type: &str) -> bool {
    media_type.starts_with("application/vnd.oci.image.layer.")
        || matches!(
            media_type.split('+').next().unwrap_or(""),
            "application/vnd.docker.image.rootfs.diff.tar"
                | "application/vnd.docker.image.rootfs.diff.tar.gzip"
                | "application/vnd.docker.image.rootfs.foreign.diff.tar"
                | "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
                | "application/vnd.docker.image.rootfs.diff.tar.zstd"
        )
}

/// `platforms.Normalize`: lower case, the architectures' other names, an empty OS as the
/// running one (linux), and the variants that mean nothing dropped.
fn normalize(platform: GoValue) -> (String, String, String) {
    let os = match text(Some(platform), "os").to_lowercase() {
        os if os.is_empty() => "linux".to_owned(),
        os => os,
    };
    let mut variant = text(Some(platform), "variant").to_lowercase();
    let architecture = match text(Some(platform), "architecture").to_lowercase().as_str() {
        "x86_64" | "x86-64" | "amd64" => {
            if variant == "v1" {
                variant.clear();
            }
            "amd64".to_owned()
        }
        "aarch64" | "arm64" => {
            if variant == "8" || variant == "v8" {
                variant.clear();
            }
            "arm64".to_owned()
        }
        other => other.to_owned(),
    };
    (os, architecture, variant)
}

fn index(document: GoValue, input: &Input<'_>, r: &Release) -> Modelled {
    let entries = items(Some(document), "manifests");
    if r.transfer {
        return every_entry(entries, input, r);
    }
    let matching: Vec<GoValue> = entries
        .iter()
        .filter(|entry| match entry.field("platform") {
            None => true,
            Some(platform) => {
                normalize(platform) == ("linux".to_owned(), "amd64".to_owned(), String::new())
            }
        })
        .collect();
    let Some(chosen) = matching.first() else {
        return refuse(
            r,
            "choose manifest",
            format!(
                "no match for platform in manifest {}: not found",
                input.digest()
            ),
        );
    };
    if let Some(refusal) = fetch_entry(input, *chosen, r) {
        return refusal;
    }
    let chosen_digest = text(Some(*chosen), "digest");
    let mut condition = format!(
        "it runs on linux/amd64 (the entry chosen for it), the registry serves the chosen manifest {chosen_digest} with the size given, and that image pulls"
    );
    if let Some(urls) = urls_condition(input, &[*chosen]) {
        condition = format!("{condition}, and {urls}");
    }
    Modelled::accept("choose manifest", Some(condition), r.source)
}

/// 2.1's transfer service stores all metadata (`image.WithAllMetadata`, set by
/// cmd/ctr/commands/images/pull.go@v2.1.0 unless `--skip-metadata`): `ImageFilter`
/// (core/transfer/image/imagestore.go@v2.1.0) then uses `FilterManifestByPlatformHandler`
/// (core/remotes/handlers.go@v2.1.0), which keeps every entry of the index and only cuts an
/// entry of another platform down to its config. So no entry has to match linux/amd64, and
/// every entry is fetched. `images.Dispatch` fetches them side by side; the model says the
/// first failing one in the document's order.
fn every_entry(entries: GoItems, input: &Input<'_>, r: &Release) -> Modelled {
    for entry in entries {
        if let Some(refusal) = fetch_entry(input, entry, r) {
            return refusal;
        }
    }
    let all: Vec<GoValue> = entries.iter().collect();
    let mut condition = "the registry serves every entry's manifest with the size given, those of linux/amd64 (or no platform) pull, and the others' configs are served".to_owned();
    let blobs: Vec<&str> = entries
        .iter()
        .filter(|entry| !is_manifest_or_index(text(Some(*entry), "mediaType")))
        .filter(|entry| lookup(input, *entry).is_unknown())
        .map(|entry| text(Some(entry), "digest"))
        .collect();
    if !blobs.is_empty() {
        condition = format!(
            "{condition}, and its blobs endpoint serves {} (entries of no manifest type are fetched there)",
            listed(blobs.iter().copied())
        );
    }
    if let Some(urls) = urls_condition(input, &all) {
        condition = format!("{condition}, and {urls}");
    }
    Modelled::accept("fetch children", Some(condition), r.source)
}

/// An index's entry as the fetch handler takes it: schema 1 is refused before any fetch; an
/// entry of a type that is neither manifest nor index is fetched from the blobs endpoint,
/// where a manifest is not found; what is fetched is checked against the entry's type.
fn fetch_entry(input: &Input<'_>, entry: GoValue, r: &Release) -> Option<Modelled> {
    let media_type = text(Some(entry), "mediaType");
    let digest = text(Some(entry), "digest");
    if media_type == SCHEMA1_SIGNED {
        return Some(refuse(
            r,
            "fetch children",
            format!("{media_type} not supported"),
        ));
    }
    if let Err(refusal) = fetchable(input, entry, r) {
        return Some(refusal);
    }
    if let Some(refusal) = fetched_child(input, digest, media_type, r) {
        return Some(refusal);
    }
    // 1.6 goes on to the chosen manifest, which an entry of no manifest type is not (the
    // corpus's are manifests the blobs endpoint does not serve). In 2.1 an entry the blobs
    // endpoint serves is stored and has no children (core/images/image.go@v2.1.0 Children);
    // one it does not serve was refused by `fetchable` when the store is known.
    if !r.transfer && !is_manifest_or_index(media_type) {
        return Some(refuse(
            r,
            "fetch children",
            format!(
                "failed to copy: httpReadSeeker: failed open: could not fetch content descriptor {digest} ({media_type}) from remote: not found"
            ),
        ));
    }
    None
}

/// The chosen entry fetched with its media type as `Accept`, from a registry known to hold it
/// as a manifest of another type: a registry that negotiates (distribution) does not serve an
/// OCI manifest to a client asking for another type; what it does serve is checked against
/// the entry's type by `images.Children`.
fn fetched_child(
    input: &Input<'_>,
    digest: &str,
    media_type: &str,
    r: &Release,
) -> Option<Modelled> {
    let held = input
        .store()?
        .manifest(digest)?
        .manifest_media_type
        .as_deref()?;
    if held == media_type {
        return None;
    }
    if held == OCI_MANIFEST_TYPE {
        return Some(refuse(r,
            "fetch children",
            format!(
                "failed to copy: httpReadSeeker: failed open: content at {}/manifests/{digest} not found: not found",
                input.base_url()
            ),
        ));
    }
    let is_index_type = media_type == LIST_TYPE || media_type == OCI_INDEX_TYPE;
    let holds_manifest = held == SCHEMA2_TYPE || held == OCI_MANIFEST_TYPE;
    (is_index_type && holds_manifest).then(|| {
        refuse(r,
            "check media type",
            format!(
                "children: invalid desc {digest}: media-type: expected index but found manifest ({media_type})"
            ),
        )
    })
}

//! `docker pull <name>:<tag>` through the Docker daemon at moby @b985e23 (`docker-v29.7.2-150`;
//! the profile's version id is `28`) with its classic image store (graph drivers). At this
//! commit daemon/image_store_choice.go makes the containerd image store the default on Linux;
//! the classic store is used with `"containerd-snapshotter": false`, a graph driver configured
//! or already on disk, or userns remapping. With the containerd store the pull goes through
//! daemon/containerd/image_pull.go and containerd's client instead (not modelled). The
//! daemon's puller is daemon/internal/distribution; it talks to the registry through the
//! docker/distribution v2.8.3 client it vendors. Step by step:
//!
//! 1. `tags.Get` (vendor/github.com/docker/distribution/registry/client/repository.go@b985e23,
//!    `descriptorFromResponse`): the tag is resolved with a HEAD; the served `Content-Type` must
//!    be there (`missing or empty Content-Type header`).
//! 2. `manifestStore.Get` (daemon/internal/distribution/manifest.go@b985e23) fetches the manifest
//!    by digest through the client's `manifests.Get`, which reads the whole body and calls
//!    `distribution.UnmarshalManifest(Content-Type, body)`: the unmarshaller the header picks,
//!    the kind checks and the document's own `mediaType` ([`distribution::unmarshal_manifest`],
//!    the same code, with no schema 1 vendored and so no default). Neither the client nor the
//!    puller checks the bytes against the digest on a tag pull (`schema2ManifestDigest` in
//!    pull_v2.go verifies only a pull by digest, where the registry's own digest of the bytes it
//!    serves is what was asked for); the content store's commit of the manifest checks it, but
//!    its failure is only logged ("Error persisting manifest").
//! 3. `puller.pullTag` (pull_v2.go@b985e23): a schema 2 manifest's config media type must be one
//!    of `defaultImageTypes` (`validateMediaType`, registry.go@b985e23). Then the progress stream
//!    starts ("Pulling from").
//! 4. A list or OCI index: `pullManifestList` → `filterManifests` (pull_v2_unix.go@b985e23): an
//!    entry with no platform, or one `platforms.Only(linux/amd64/v3)` matches (normalized: case,
//!    `x86_64`, the amd64 variants up to v3, and `386`; an entry with `os.features` never
//!    matches), sorted best first; none is `no matching manifest for linux/amd64 in the manifest
//!    list entries`. The first match is fetched by digest (its `mediaType` and `size` are not
//!    used) and pulled as its own `Content-Type` says.
//! 5. A schema 2 or OCI manifest: `pullSchema2Layers`: the config's media type, then each
//!    layer's digest (go-digest `Validate`) and media type, must pass `checkSupportedMediaType`
//!    (`application/vnd.oci.image.*`, `application/vnd.docker.*` but `application/vnd.docker.ai.*`,
//!    and four old values, compared lower-cased); the config is fetched (`pullSchema2Config`,
//!    retried) and its `rootfs` read, while the layers download; a missing config wins over a
//!    missing layer; the layers' diff IDs must equal the config's `rootfs.diff_ids`. The sizes
//!    the manifest gives are never used: docker reads what the registry serves.
//!
//! What the docker CLI prints: an error before the progress stream starts (steps 1–3) comes back
//! as the HTTP answer, printed `Error response from daemon: <error>`; a later one comes in the
//! stream and is printed alone (daemon/server/router/image/image_routes.go@b985e23
//! `postImagesCreate`, `output.Flushed()`). The model's messages carry that prefix as printed.
//!
//! Assumed: the daemon runs on linux/amd64 on an x86-64-v3 CPU (`maximumSpec`: the variant is
//! what `archvariant.AMD64Variant()` detects), pulls without `--platform`, pulls by tag, and
//! does not already hold the image (an image already present is not pulled again).
//!
//! Approximate: moby @b985e23 is built with Go 1.26.7 (its Dockerfile), whose `encoding/json`
//! names an embedded struct in a type error's field path (`Versioned` for `schemaVersion` and
//! `mediaType`, `Descriptor` in a list entry); the shared decoder gives the path without it.

use super::distribution::{self, Format, Unmarshalling};
use super::go_decode::{items, text, GoValue};
use super::go_digest;
use super::{listed, Input, Lookup, Modelled, Step};

const SOURCE: &str = "model: moby @b985e23 daemon/internal/distribution pull_v2.go pullTag/validateMediaType/checkSupportedMediaType/pullManifestList/pullSchema2Layers/pullSchema2Config, pull_v2_unix.go filterManifests, manifest.go manifestStore.Get, registry.go supportedMediaTypes/defaultImageTypes, errors.go; vendored docker/distribution v2.8.3 registry/client/repository.go tags.Get/manifests.Get/blobs.Open, manifests.go UnmarshalManifest; containerd/platforms v1.0.0-rc.5 Only/Normalize; distribution/reference WithDigest";

const SCHEMA2_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";
const LIST_TYPE: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI_MANIFEST_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX_TYPE: &str = "application/vnd.oci.image.index.v1+json";

/// The daemon's CPU level the model assumes (`archvariant.AMD64Variant()`).
const AMD64_LEVEL: u32 = 3;

/// `defaultImageTypes` (registry.go@b985e23): the config types of an image.
const DEFAULT_IMAGE_TYPES: [&str; 6] = [
    "application/vnd.docker.container.image.v1+json",
    "application/vnd.oci.image.config.v1+json",
    "application/octet-stream",
    "application/json",
    "text/html",
    "",
];

/// `supportedMediaTypes` (registry.go@b985e23): exact values, or prefixes followed by a `.`.
const SUPPORTED_MEDIA_TYPES: [&str; 6] = [
    "application/vnd.oci.image",
    "application/vnd.docker",
    "application/octet-stream",
    "application/json",
    "text/html",
    "",
];

/// An error the daemon answers before the progress stream starts.
fn refuse_early(step: &'static str, error: impl std::fmt::Display) -> Modelled {
    Modelled::refuse(step, format!("Error response from daemon: {error}"), SOURCE)
}

/// An error the daemon writes into the progress stream.
fn refuse_streamed(step: &'static str, error: String) -> Modelled {
    Modelled::refuse(step, error, SOURCE)
}

pub(super) fn pull(input: &Input<'_>) -> Modelled {
    // Step 1: vendor/.../registry/client/repository.go@b985e23 descriptorFromResponse.
    if input.content_type.is_none_or(str::is_empty) {
        return refuse_early("resolve tag", "missing or empty Content-Type header");
    }
    // Step 2: manifests.Get → distribution.UnmarshalManifest.
    let (format, manifest) =
        match distribution::unmarshal_manifest(input, &distribution::MOBY_VENDORED) {
            Ok(decoded) => decoded,
            Err(Unmarshalling::ContentType(error)) => {
                return refuse_early("parse Content-Type", error)
            }
            Err(Unmarshalling::NoDefault(error)) => {
                return refuse_early("choose unmarshaller", error)
            }
            // Not reached: nothing registers a default here.
            Err(Unmarshalling::Schema1) => {
                return Modelled::unknown(
                    "choose unmarshaller",
                    "schema 1 has no unmarshaller in moby's vendored distribution".to_owned(),
                    SOURCE,
                )
            }
            Err(Unmarshalling::Json(error)) => {
                return error.verdict("decode", SOURCE, |error| {
                    refuse_early("decode", error.message())
                })
            }
            Err(Unmarshalling::Ambiguous(error)) => {
                return refuse_early("check ambiguous fields", error)
            }
            Err(Unmarshalling::MediaType(error, at)) => {
                return refuse_early("check mediaType", error).at(at)
            }
        };
    match format {
        Format::Schema2 | Format::Oci => {
            // Step 3: pullTag checks a schema 2 manifest's config type (not an OCI one's, and
            // not a list child's).
            if format == Format::Schema2 {
                let config_type = text(manifest.field("config"), "mediaType");
                if let Err(error) = validate_media_type(config_type) {
                    return refuse_early("check config media type", error);
                }
            }
            pull_manifest(input, manifest)
        }
        Format::List | Format::OciIndex => pull_list(input, manifest),
    }
}

/// `puller.validateMediaType` (pull_v2.go@b985e23), with `Schema2Types` unset for images
/// (daemon/images/image_pull.go@b985e23).
fn validate_media_type(media_type: &str) -> Result<(), String> {
    if DEFAULT_IMAGE_TYPES.contains(&media_type) {
        return Ok(());
    }
    let class = if media_type == "application/vnd.docker.plugin.v1+json" {
        "plugin"
    } else {
        "unknown"
    };
    Err(format!(
        "Encountered remote \"{}\"({class}) when fetching",
        go_quoted(media_type)
    ))
}

/// The inside of Go's `%q` of `text`.
fn go_quoted(text: &str) -> String {
    let quoted = super::go_syntax::go_quote(text);
    quoted[1..quoted.len() - 1].to_owned()
}

/// `checkSupportedMediaType` (pull_v2.go@b985e23).
fn check_supported_media_type(media_type: &str) -> Result<(), String> {
    let lower = media_type.to_lowercase();
    if lower.starts_with("application/vnd.docker.ai.") {
        return Err(
            "AI models are not yet supported by the Engine, please use \"docker model pull/run\" instead"
                .to_owned(),
        );
    }
    let supported = SUPPORTED_MEDIA_TYPES
        .iter()
        .any(|mt| lower == *mt || lower.strip_prefix(mt).is_some_and(|r| r.starts_with('.')));
    if supported {
        Ok(())
    } else {
        Err(format!("unsupported media type {media_type}"))
    }
}

/// distribution/reference's `anchoredDigestRegexp` (vendor/github.com/distribution/reference/
/// regexp.go@b985e23): `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[[:xdigit:]]{32,}`,
/// what `reference.WithDigest` asks of a digest before any request is made.
fn is_reference_digest(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return false;
    };
    let components_ok = algorithm.split(['-', '_', '+', '.']).all(|part| {
        part.bytes().next().is_some_and(|c| c.is_ascii_alphabetic())
            && part.bytes().all(|c| c.is_ascii_alphanumeric())
    });
    components_ok && hex.len() >= 32 && hex.bytes().all(|c| c.is_ascii_hexdigit())
}

/// `pullSchema2Layers` (pull_v2.go@b985e23) for a schema 2 or OCI manifest.
fn pull_manifest(input: &Input<'_>, manifest: GoValue) -> Modelled {
    let config = manifest.field("config").unwrap_or(GoValue::Struct(&[]));
    let layers = items(Some(manifest), "layers");
    if let Err(error) = check_supported_media_type(text(Some(config), "mediaType")) {
        return refuse_streamed("check media types", error)
            .at(input.value_range(&[Step::Key("config"), Step::Key("mediaType")]));
    }
    for (index, layer) in layers.iter().enumerate() {
        let digest = text(Some(layer), "digest");
        if let Err(error) = go_digest::validate(digest) {
            return refuse_streamed(
                "check media types",
                format!(
                    "could not validate layer digest \"{}\": {}",
                    go_quoted(digest),
                    error.message()
                ),
            );
        }
        if let Err(error) = check_supported_media_type(text(Some(layer), "mediaType")) {
            return refuse_streamed("check media types", error).at(input.value_range(&[
                Step::Key("layers"),
                Step::Index(index),
                Step::Key("mediaType"),
            ]));
        }
    }
    // The config: `pullSchema2Config` → `blobs.Get` → `reference.WithDigest` first (an error
    // retried, five attempts), then the GET (404: `distribution.ErrBlobUnknown`, not retried).
    // `retry` names one attempt more than it made when all five failed (its loop counter has
    // passed the last one), and stops at the first when the error is not to be retried. Its
    // error is wrapped in `imageConfigPullError` and wins over any layer's.
    let config_digest = text(Some(config), "digest");
    if !is_reference_digest(config_digest) {
        return refuse_streamed(
            "fetch config",
            "error pulling image configuration: download failed after attempts=6: invalid digest format"
                .to_owned(),
        );
    }
    if let Err(error) = go_digest::validate(config_digest) {
        return Modelled::unknown(
            "fetch config",
            format!(
                "what the registry answers when asked for the config {config_digest} (go-digest: {}) is not modelled",
                error.message()
            ),
            SOURCE,
        );
    }
    let config_lookup = input.lookup_blob(config_digest);
    if config_lookup.is_absent() {
        return refuse_streamed(
            "fetch config",
            "error pulling image configuration: download failed after attempts=1: unknown blob"
                .to_owned(),
        );
    }
    // The layers: `layerDescriptor.Download` → `blobs.Open`; a 404 is `unknown blob`, not
    // retried, and reaches the user unwrapped (`translatePullError` unwraps `xfer.DoNotRetry`).
    let layer_lookups: Vec<Lookup<'_>> = layers
        .iter()
        .map(|layer| input.lookup_blob(text(Some(layer), "digest")))
        .collect();
    if layer_lookups.iter().any(|lookup| lookup.is_absent()) {
        return refuse_streamed("download layers", "unknown blob".to_owned());
    }
    // The downloaded layers' diff IDs against the config's `rootfs.diff_ids`.
    let diff_ids = config_lookup.held().and_then(|c| c.diff_ids.as_deref());
    if diff_ids.is_some_and(|ids| ids.len() != layers.len()) {
        return refuse_streamed(
            "compare diff IDs",
            "layers from manifest don't match image configuration".to_owned(),
        );
    }
    let not_known: Vec<&str> = std::iter::once((config_digest, &config_lookup))
        .chain(
            layers
                .iter()
                .map(|layer| text(Some(layer), "digest"))
                .zip(layer_lookups.iter()),
        )
        .filter(|(_, lookup)| lookup.is_unknown())
        .map(|(digest, _)| digest)
        .collect();
    let mut conditions = Vec::new();
    if !not_known.is_empty() {
        conditions.push(format!(
            "the registry serves {} (whatever the sizes given: docker reads what is served)",
            listed(not_known.iter().copied())
        ));
    }
    conditions.push(if diff_ids.is_some() {
        "the layers are tar archives (compressed or not) whose diff IDs are the config's rootfs.diff_ids, in order".to_owned()
    } else {
        "the config decodes as an image config with a rootfs, its os is linux (or none), and the layers are tar archives (compressed or not) whose diff IDs are its rootfs.diff_ids, in order".to_owned()
    });
    Modelled::accept("compare diff IDs", Some(conditions.join(", and ")), SOURCE)
}

/// An entry's platform as `toOCIPlatform` gives it (pull_v2.go@b985e23): `None` when every
/// field is empty and neither feature list is set.
fn oci_platform<'a>(entry: GoValue<'a>) -> Option<GoValue<'a>> {
    let platform = entry.field("platform")?;
    let set = ["os", "architecture", "variant", "os.version"]
        .iter()
        .any(|f| !text(Some(platform), f).is_empty())
        || platform.field("os.features").is_some()
        || platform.field("features").is_some();
    set.then_some(platform)
}

/// `platforms.Normalize` (vendor/github.com/containerd/platforms@b985e23): `(os, architecture,
/// variant)`, lower case, the architectures' other names.
fn normalize(platform: GoValue) -> (String, String, String) {
    let os = match text(Some(platform), "os").to_lowercase() {
        os if os.is_empty() => "linux".to_owned(),
        os if os == "macos" => "darwin".to_owned(),
        os => os,
    };
    let mut variant = text(Some(platform), "variant").to_lowercase();
    let architecture = match text(Some(platform), "architecture").to_lowercase().as_str() {
        "i386" => {
            variant.clear();
            "386".to_owned()
        }
        "x86_64" | "x86-64" | "amd64" => {
            if variant == "v1" {
                variant.clear();
            }
            "amd64".to_owned()
        }
        "aarch64" | "arm64" => {
            match variant.as_str() {
                "8" | "v8" | "v8.0" => variant.clear(),
                "9" | "9.0" | "v9.0" => variant = "v9".to_owned(),
                _ => {}
            }
            "arm64".to_owned()
        }
        "armhf" => {
            variant = "v7".to_owned();
            "arm".to_owned()
        }
        "armel" => {
            variant = "v6".to_owned();
            "arm".to_owned()
        }
        "arm" => {
            match variant.as_str() {
                "" | "7" => variant = "v7".to_owned(),
                "5" | "6" | "8" => variant = format!("v{variant}"),
                _ => {}
            }
            "arm".to_owned()
        }
        other => other.to_owned(),
    };
    (os, architecture, variant)
}

/// The rank `platforms.Only(linux/amd64/v<AMD64_LEVEL>)` gives an entry's platform (its
/// `platformVector`: amd64 at that level and each lower one, v1 normalized to no variant, then
/// 386), `None` when it does not match. A matcher has no OS features, so a platform with any
/// never matches.
fn rank(platform: GoValue) -> Option<u32> {
    if items(Some(platform), "os.features").iter().any(|_| true) {
        return None;
    }
    let (os, architecture, variant) = normalize(platform);
    if os != "linux" {
        return None;
    }
    let levels: Vec<String> = (1..=AMD64_LEVEL)
        .rev()
        .map(|n| {
            if n == 1 {
                String::new()
            } else {
                format!("v{n}")
            }
        })
        .collect();
    match architecture.as_str() {
        "amd64" => levels
            .iter()
            .position(|level| *level == variant)
            .map(|at| at as u32),
        "386" if variant.is_empty() => Some(AMD64_LEVEL),
        _ => None,
    }
}

/// `pullManifestList` (pull_v2.go@b985e23): the entries `filterManifests` keeps, best first
/// (entries with no platform last); the first is fetched and pulled.
fn pull_list(input: &Input<'_>, list: GoValue) -> Modelled {
    let entries = items(Some(list), "manifests");
    // `sort.SliceStable` by `Less`, then the first: the best match, the earliest of equals
    // (`min_by_key` keeps the first), found without listing every match (20 MB of an index
    // of 320,000 entries).
    let best = entries
        .iter()
        .filter_map(|entry| match oci_platform(entry) {
            None => Some((u32::MAX, entry)),
            Some(platform) => rank(platform).map(|r| (r, entry)),
        })
        .min_by_key(|(rank, _)| *rank);
    let Some((_, chosen)) = best else {
        return refuse_streamed(
            "choose manifest",
            "no matching manifest for linux/amd64 in the manifest list entries".to_owned(),
        );
    };
    let digest = text(Some(chosen), "digest");
    // `manifestStore.Get` → the client's `manifests.Get` → `reference.WithDigest`: not retried,
    // returned as it is.
    if !is_reference_digest(digest) {
        return refuse_streamed("fetch chosen manifest", "invalid digest format".to_owned());
    }
    match input.lookup_manifest(digest) {
        // A 404 with MANIFEST_UNKNOWN: `translatePullError` → `notFoundError` (errors.go@b985e23),
        // naming the reference pulled.
        Lookup::Absent => refuse_streamed(
            "fetch chosen manifest",
            "manifest for <image> not found: manifest unknown: manifest unknown".to_owned(),
        ),
        lookup => {
            // The registry serves the child with its own media type as `Content-Type`; an
            // unregistered one has no unmarshaller.
            let served = lookup
                .held()
                .and_then(|held| held.manifest_media_type.as_deref());
            if let Some(served) = served.filter(|served| {
                ![SCHEMA2_TYPE, LIST_TYPE, OCI_MANIFEST_TYPE, OCI_INDEX_TYPE].contains(served)
            }) {
                return refuse_streamed(
                    "fetch chosen manifest",
                    format!("unsupported manifest media type and no default available: {served}"),
                );
            }
            Modelled::accept(
                "choose manifest",
                Some(format!(
                    "it runs on linux/amd64 (x86-64-v{AMD64_LEVEL}), where the entry {digest} is chosen, and the registry serves that manifest as one that pulls"
                )),
                SOURCE,
            )
        }
    }
}

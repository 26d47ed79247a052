//! containers/image 5.23 (podman 4.3.1, skopeo 1.9.3), `podman pull docker://…`: the manifest's
//! type is the served `Content-Type` (`mime.ParseMediaType`, empty when it does not parse),
//! normalized (anything unknown is read as signed schema 1); a list or index is decoded, checked
//! for ambiguity and an instance chosen for linux/amd64, which is then asked of the registry by
//! its digest as written; a single manifest is decoded, checked for ambiguity and its media
//! types, then its blobs are copied: into podman's storage (which wants a runnable image) the
//! config is parsed first and only as an image config, and storage parses the manifest again
//! on commit; into an `oci:` layout (`skopeo copy`) neither. The innermost error of the chain
//! is what is said.

use super::go_decode::{int, items, text, GoItems, GoValue};
use super::go_digest;
use super::go_syntax::go_quote;
use super::go_types::GoType;
use super::types_containers_image::{
    AMBIGUITY_PROBE, GUESS_FIELDS, OCI1, OCI1_2025, OCI1_INDEX_2025_TYPE, OCI1_INDEX_TYPE, SCHEMA1,
    SCHEMA1_V1_COMPATIBILITY_TYPE, SCHEMA2, SCHEMA2_LIST_2025_TYPE, SCHEMA2_LIST_TYPE,
};
use super::{go_mime, listed, unmarshal, Input, Lookup, Modelled, Step, UnmarshalError};

/// What a release of containers/image does differently along the one pipeline below; each
/// difference cites the code it follows.
pub(super) struct Release {
    source: &'static str,
    /// The types the manifests decode into: image-spec v1.1.1 gave `v1.Manifest` and
    /// `v1.Index` an `artifactType` (image/go.mod@f0ddf1a), and the lists decode as
    /// `OCI1IndexPublic` / `Schema2ListPublic` (image/internal/manifest/{oci_index,
    /// docker_schema2_list}.go@f0ddf1a), the names Go's type errors give.
    oci1: &'static GoType,
    oci1_index: &'static GoType,
    schema2_list: &'static GoType,
    /// The type `OCI1FromManifest` names in its ambiguity error: 5.23 named the index type
    /// (manifest/oci.go@v5.23.1), later the manifest's (image/manifest/oci.go@f0ddf1a).
    oci_ambiguity_type: &'static str,
    /// `NewNonImageArtifactError(&m.Manifest)`: the manifest's `artifactType` when set, and a
    /// Docker config called an invalid mixed image (image/internal/manifest/errors.go@f0ddf1a);
    /// 5.23 named the config's type only (internal/manifest/errors.go@v5.23.1).
    names_mixed_images: bool,
    /// `SupportedSchema2MediaType` takes `application/vnd.docker.image.rootfs.diff.tar.zstd`
    /// (image/manifest/manifest.go@f0ddf1a).
    schema2_zstd_layers: bool,
    /// "no image found … for architecture %q, variant %q, OS %q" (image/internal/manifest/
    /// {oci_index,docker_schema2_list}.go@f0ddf1a); 5.23 quoted the variant only.
    quotes_platform: bool,
    /// Among an index's entries equally fit for the platform, one annotated
    /// `io.github.containers.compression.zstd: "true"` is preferred (image/internal/manifest/
    /// oci_index.go@f0ddf1a `chooseInstance`, `isPreferredOver`; copy/copy.go calls
    /// `ChooseInstanceByCompression` with podman's `PreferGzipInstances` unset).
    prefers_zstd_instance: bool,
    /// Every blob's digest is validated before it is used, and go-digest's error said: the
    /// registry client (image/docker/docker_client.go@f0ddf1a `getBlob`), a `dir:` folder
    /// (image/directory/directory_transport.go@f0ddf1a `layerPath`), an `oci:` layout
    /// (image/oci/layout/oci_transport.go@f0ddf1a `blobPath`). 5.23 asked the registry for
    /// any digest (a 404) and a destination panicked on one without `:`.
    validates_blob_digests: bool,
    /// Storage applies each layer as it arrives, before `Commit` parses the manifest again,
    /// through `storage-untar` (image/storage/storage_dest.go@f0ddf1a `queueOrCommit`,
    /// `createNewLayer`: "adding layer with blob %s" with `logString` = blob/TOC/diffID;
    /// storage/pkg/chrootarchive/archive_unix.go@f0ddf1a `invokeUnpack`: "unpacking failed
    /// (error: %w; output: %s)", via storage/drivers/overlay/overlay.go@f0ddf1a `untar`). 5.23
    /// applied them on `Commit`, after the manifest (chrootarchive `ApplyLayer`).
    unpacks_on_arrival: bool,
    /// `fixManifestLayers` quotes the parent it got ("Invalid parent ID. Expected %v, got
    /// %q", image/manifest/docker_schema1.go@f0ddf1a; `%v` in manifest/docker_schema1.go@v5.23.1).
    quotes_schema1_parent: bool,
    /// Before a layer is applied, its diffID is compared with the config's
    /// `rootfs.diff_ids` (when any is given): "image config has only %d DiffID values, but a
    /// layer with index %d exists", "layer %d (blob %s) does not match config's DiffID %q"
    /// (image/storage/storage_dest.go@f0ddf1a `commitLayer`, `untrustedLayerDiffID`).
    checks_diff_ids: bool,
}

/// containers/image v5.23 (podman 4.3.1, skopeo 1.9.3): compared with real runs.
pub(super) static V4_3: Release = Release {
    source: SOURCE,
    oci1: &OCI1,
    oci1_index: &OCI1_INDEX_TYPE,
    schema2_list: &SCHEMA2_LIST_TYPE,
    oci_ambiguity_type: OCI_INDEX_TYPE,
    names_mixed_images: false,
    schema2_zstd_layers: false,
    quotes_platform: false,
    prefers_zstd_instance: false,
    validates_blob_digests: false,
    unpacks_on_arrival: false,
    quotes_schema1_parent: false,
    checks_diff_ids: false,
};

/// containers/image after mid-2025 (containers/container-libs @f0ddf1a, image/): from its
/// code alone, no podman of 2025 having been run.
pub(super) static V2025: Release = Release {
    source: "model: containers/container-libs @f0ddf1a image/ copy/{copy,single}.go, manifest/{oci,docker_schema2,docker_schema1,manifest}.go, internal/manifest/{oci_index,docker_schema2_list,common,errors,manifest}.go, docker/docker_client.go, storage/storage_dest.go; storage/pkg/chrootarchive/archive_unix.go; go-digest Validate",
    oci1: &OCI1_2025,
    oci1_index: &OCI1_INDEX_2025_TYPE,
    schema2_list: &SCHEMA2_LIST_2025_TYPE,
    oci_ambiguity_type: OCI_MANIFEST_TYPE,
    names_mixed_images: true,
    schema2_zstd_layers: true,
    quotes_platform: true,
    prefers_zstd_instance: true,
    validates_blob_digests: true,
    unpacks_on_arrival: true,
    quotes_schema1_parent: true,
    checks_diff_ids: true,
};

const SOURCE: &str = "model: containers/image v5.23 copy/copy.go (isMultiImage, ChooseInstance, checkImageDestinationForCurrentRuntime), manifest/{oci,oci_index,docker_schema2,docker_schema2_list,docker_schema1,common}.go, docker/docker_client.go simplifyContentType, go-digest Validate";

const SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
const SCHEMA1_UNSIGNED: &str = "application/vnd.docker.distribution.manifest.v1+json";
const SCHEMA2_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";
const LIST_TYPE: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI_MANIFEST_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX_TYPE: &str = "application/vnd.oci.image.index.v1+json";
const OCI_CONFIG_TYPE: &str = "application/vnd.oci.image.config.v1+json";
const DOCKER_CONFIG_TYPE: &str = "application/vnd.docker.container.image.v1+json";
const SCHEMA2_ZSTD_LAYER_TYPE: &str = "application/vnd.docker.image.rootfs.diff.tar.zstd";
const ZSTD_INSTANCE_ANNOTATION: &str = "io.github.containers.compression.zstd";
const MAX_MANIFEST: usize = 4 << 20;

/// `ChooseInstance` wants the running platform: the model assumes linux/amd64 (where the
/// corpus was recorded, and what the messages then name).
const WANTED_OS: &str = "linux";
const WANTED_ARCHITECTURE: &str = "amd64";

/// `SupportedSchema2MediaType`.
const SCHEMA2_MEDIA_TYPES: [&str; 9] = [
    LIST_TYPE,
    SCHEMA1_UNSIGNED,
    SCHEMA1_SIGNED,
    "application/vnd.docker.container.image.v1+json",
    "application/vnd.docker.image.rootfs.foreign.diff.tar",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
    "application/vnd.docker.image.rootfs.diff.tar.gzip",
    SCHEMA2_TYPE,
    "application/vnd.docker.image.rootfs.diff.tar",
];

fn refuse(step: &'static str, message: String) -> Modelled {
    Modelled::refuse(step, message, SOURCE)
}

fn decode_refusal(step: &'static str, error: UnmarshalError) -> Modelled {
    error.verdict(step, SOURCE, |error| refuse(step, error.message()))
}

/// `NormalizedMIMEType`: the manifest types as they are, `application/json` and anything
/// else as signed schema 1.
fn normalized(media_type: &str) -> &str {
    match media_type {
        SCHEMA1_UNSIGNED | SCHEMA1_SIGNED | OCI_MANIFEST_TYPE | OCI_INDEX_TYPE | SCHEMA2_TYPE
        | LIST_TYPE => media_type,
        _ => SCHEMA1_SIGNED,
    }
}

/// Where the image is copied to: what differs between `podman pull` and `skopeo copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Destination {
    /// containers-storage (`podman pull`): it must match the running platform, so the config
    /// is parsed as an image config first, and it parses the manifest again on commit.
    Storage,
    /// An `oci:` layout (`skopeo copy`): blobs are copied as they are, the config last and
    /// only when it has a digest.
    OciLayout,
    /// A `dir:` folder (`skopeo copy`): blobs are files named by their digest's hex part.
    Dir,
}

pub(super) fn pull(input: &Input<'_>, release: &Release) -> Modelled {
    copy(input, Destination::Storage, release)
}

pub(super) fn copy(input: &Input<'_>, destination: Destination, release: &Release) -> Modelled {
    Modelled {
        source: release.source,
        ..copy_as(input, destination, release)
    }
}

fn copy_as(input: &Input<'_>, destination: Destination, release: &Release) -> Modelled {
    if input.bytes.len() > MAX_MANIFEST {
        return refuse(
            "fetch manifest",
            format!("exceeded maximum allowed size of {MAX_MANIFEST} bytes"),
        );
    }
    // `simplifyContentType`.
    let media_type = input
        .content_type
        .filter(|h| !h.is_empty())
        .map(|header| go_mime::parse_media_type(header).unwrap_or_default())
        .unwrap_or_default();
    if media_type == LIST_TYPE || media_type == OCI_INDEX_TYPE {
        return choose_instance(input, &media_type, release);
    }
    match normalized(&media_type) {
        OCI_MANIFEST_TYPE => oci_manifest(input, destination, release),
        SCHEMA2_TYPE => schema2(input, destination, release),
        _ => schema1(input, release),
    }
}

/// `validateUnambiguousManifestFormat`: the members (matched as Go matches keys) a format
/// must not have.
fn ambiguity(input: &Input<'_>, expected: &str, allowed: &[&str]) -> Result<(), Modelled> {
    let probe = unmarshal(input, &AMBIGUITY_PROBE)
        .map_err(|e| decode_refusal("check ambiguous fields", e))?;
    let unexpected: Vec<String> = ["config", "fsLayers", "history", "layers", "manifests"]
        .into_iter()
        .filter(|name| probe.field(name).is_some() && !allowed.contains(name))
        .map(go_quote)
        .collect();
    if unexpected.is_empty() {
        return Ok(());
    }
    Err(refuse(
        "check ambiguous fields",
        format!(
            "rejecting ambiguous manifest, unexpected fields []string{{{}}} in supposedly {expected}",
            unexpected.join(", ")
        ),
    ))
}

fn choose_instance(input: &Input<'_>, media_type: &str, release: &Release) -> Modelled {
    let is_index = media_type == OCI_INDEX_TYPE;
    let list = match unmarshal(
        input,
        if is_index {
            release.oci1_index
        } else {
            release.schema2_list
        },
    ) {
        Ok(list) => list,
        Err(error) => return decode_refusal("decode", error),
    };
    if let Err(refusal) = ambiguity(input, media_type, &["manifests"]) {
        return refusal;
    }
    let entries = items(Some(list), "manifests");
    let matches = |entry: &GoValue| {
        let platform = entry.field("platform");
        // An OCI entry without a platform is passed over here; a Docker entry's is a
        // zero struct. `MatchesPlatform` compares the variant too ("" on amd64).
        (!is_index || platform.is_some())
            && text(platform, "architecture") == WANTED_ARCHITECTURE
            && text(platform, "os") == WANTED_OS
            && text(platform, "variant").is_empty()
    };
    // …and an OCI entry without a platform is taken when none matches.
    let without_platform = |entry: &GoValue| is_index && entry.field("platform").is_none();
    // The first of the fittest, or (later) the first zstd one among them.
    let first = |fit: &dyn Fn(&GoValue) -> bool| {
        let zstd = release.prefers_zstd_instance && is_index;
        zstd.then(|| entries.iter().find(|e| fit(e) && annotated_zstd(*e)))
            .flatten()
            .or_else(|| entries.iter().find(|e| fit(e)))
    };
    let chosen = first(&matches).or_else(|| first(&without_platform));
    let Some(entry) = chosen else {
        let quote = |value: &str| {
            if release.quotes_platform {
                go_quote(value)
            } else {
                value.to_owned()
            }
        };
        return refuse(
            "choose instance",
            format!(
                "no image found in {} for architecture {}, variant \"\", OS {}",
                if is_index {
                    "image index"
                } else {
                    "manifest list"
                },
                quote(WANTED_ARCHITECTURE),
                quote(WANTED_OS)
            ),
        );
    };
    // The instance is asked for by its digest as written: one that cannot exist is not
    // found (the registry's MANIFEST_UNKNOWN).
    let digest = text(Some(entry), "digest");
    if go_digest::validate(digest).is_err() || input.lookup_manifest(digest).is_absent() {
        return refuse("fetch instance", "manifest unknown".to_owned());
    }
    Modelled::accept(
        "choose instance",
        Some(format!(
            "it runs on linux/amd64 (the entry chosen for it), the registry serves the chosen manifest {digest} with those bytes, and that image pulls"
        )),
        SOURCE,
    )
}

fn oci_manifest(input: &Input<'_>, destination: Destination, release: &Release) -> Modelled {
    let manifest = match unmarshal(input, release.oci1) {
        Ok(manifest) => manifest,
        Err(error) => return decode_refusal("decode", error),
    };
    // containers/image 5.23 names the index type here (sic).
    if let Err(refusal) = ambiguity(input, release.oci_ambiguity_type, &["config", "layers"]) {
        return refusal;
    }
    let config_type = text(manifest.field("config"), "mediaType");
    if destination == Destination::Storage && config_type != OCI_CONFIG_TYPE {
        let artifact_type = text(Some(manifest), "artifactType");
        let (named, at) = if release.names_mixed_images && !artifact_type.is_empty() {
            (
                artifact_type,
                input.value_range(&[Step::Key("artifactType")]),
            )
        } else {
            (
                config_type,
                input.value_range(&[Step::Key("config"), Step::Key("mediaType")]),
            )
        };
        let message = if release.names_mixed_images && named == DOCKER_CONFIG_TYPE {
            format!(
                "invalid mixed OCI image with Docker v2s2 config ({})",
                go_quote(named)
            )
        } else {
            format!(
                "unsupported image-specific operation on artifact with type {}",
                go_quote(named)
            )
        };
        return refuse("parse image configuration", message).at(at);
    }
    blobs(input, manifest, destination, false, release)
}

/// Whether an index entry is annotated as the zstd instance.
fn annotated_zstd(entry: GoValue) -> bool {
    entry.field("annotations").is_some_and(|annotations| {
        annotations.entries().iter().any(|(key, value)| {
            key == ZSTD_INSTANCE_ANNOTATION && matches!(value, GoValue::Str("true"))
        })
    })
}

fn schema2(input: &Input<'_>, destination: Destination, release: &Release) -> Modelled {
    let manifest = match unmarshal(input, &SCHEMA2) {
        Ok(manifest) => manifest,
        Err(error) => return decode_refusal("decode", error),
    };
    if let Err(refusal) = ambiguity(input, SCHEMA2_TYPE, &["config", "layers"]) {
        return refusal;
    }
    if let Err(refusal) = schema2_media_types(manifest, release) {
        return refusal;
    }
    blobs(input, manifest, destination, true, release)
}

/// `SupportedSchema2MediaType` of the manifest's own type and each layer's.
fn schema2_media_types(manifest: GoValue, release: &Release) -> Result<(), Modelled> {
    let media_types = std::iter::once(text(Some(manifest), "mediaType")).chain(
        items(Some(manifest), "layers")
            .iter()
            .map(|layer| text(Some(layer), "mediaType")),
    );
    for media_type in media_types {
        let zstd = release.schema2_zstd_layers && media_type == SCHEMA2_ZSTD_LAYER_TYPE;
        if !SCHEMA2_MEDIA_TYPES.contains(&media_type) && !zstd {
            return Err(refuse(
                "check media types",
                format!(
                    "unsupported docker v2s2 media type: {}",
                    go_quote(media_type)
                ),
            ));
        }
    }
    Ok(())
}

fn schema1(input: &Input<'_>, release: &Release) -> Modelled {
    let manifest = match unmarshal(input, &SCHEMA1) {
        Ok(manifest) => manifest,
        Err(error) => return decode_refusal("decode as schema 1", error),
    };
    let version = int(Some(manifest), "schemaVersion");
    if version != 1 {
        return refuse(
            "decode as schema 1",
            format!("unsupported schema version {version}"),
        );
    }
    if let Err(refusal) = ambiguity(input, SCHEMA1_SIGNED, &["fsLayers", "history"]) {
        return refusal;
    }
    let layers = items(Some(manifest), "fsLayers").len();
    if layers != items(Some(manifest), "history").len() {
        return refuse(
            "check schema 1",
            "length of history not equal to number of layers".to_owned(),
        );
    }
    if layers == 0 {
        return refuse("check schema 1", "no FSLayers in manifest".to_owned());
    }
    if let Err(refused) = fix_manifest_layers(manifest, release) {
        return refused;
    }
    Modelled::unknown(
        "convert schema 1",
        "schema 1 conversion is not modelled".to_owned(),
        SOURCE,
    )
}

/// `Schema1.initialize`'s decoding of each history entry's `v1Compatibility`, then
/// `fixManifestLayers`: every ID 64 lowercase hex digits, the base without a parent, no ID
/// twice unless repeated in a row (those entries dropped), each parent the next entry's ID.
fn fix_manifest_layers(manifest: GoValue, release: &Release) -> Result<(), Modelled> {
    let history = items(Some(manifest), "history");
    let mut entries: Vec<(String, String)> = Vec::with_capacity(history.len());
    for (i, entry) in history.iter().enumerate() {
        let json = text(Some(entry), "v1Compatibility");
        let error = |message: String| {
            refuse(
                "check schema 1",
                format!("parsing v2s1 history entry {i}: {message}"),
            )
        };
        if let Some(syntax) = super::go_syntax::check_valid(json.as_bytes()) {
            return Err(error(syntax.message));
        }
        let arena = crate::json::Arena::new();
        let parsed = crate::rules::parse_derived(json.as_bytes(), &arena);
        let Some(root) = &parsed.document.root else {
            return Err(Modelled::unknown(
                "check schema 1",
                BEYOND_PARSER_V1.to_owned(),
                SOURCE,
            ));
        };
        let local = bumpalo::Bump::new();
        let decoded = super::go_decode::decode(
            &local,
            &parsed.document,
            root,
            &SCHEMA1_V1_COMPATIBILITY_TYPE,
        );
        if let Some(e) = decoded.error {
            return Err(error(e.message()));
        }
        let value = decoded.value;
        entries.push((
            text(value, "id").to_owned(),
            text(value, "parent").to_owned(),
        ));
    }
    let refused = |message: String| Err(refuse("check schema 1", message));
    for (id, _) in &entries {
        let valid = id.len() == 64 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !valid {
            return refused(format!("image ID {} is invalid", go_quote(id)));
        }
    }
    if entries.last().is_some_and(|(_, parent)| !parent.is_empty()) {
        return refused("Invalid parent ID in the base layer of the image".to_owned());
    }
    let mut seen = std::collections::HashSet::with_capacity(entries.len());
    let mut last = "";
    for (id, _) in &entries {
        if id != last && seen.contains(id.as_str()) {
            return refused(format!("ID {id} appears multiple times in manifest"));
        }
        last = id;
        seen.insert(id.as_str());
    }
    // Backwards, each entry against the one after it once repeats are dropped.
    let mut next = entries.last().map_or("", |(id, _)| id.as_str());
    for (id, parent) in entries.iter().rev().skip(1) {
        if id == next {
            continue;
        }
        if parent != next {
            let got = if release.quotes_schema1_parent {
                go_quote(parent)
            } else {
                parent.clone()
            };
            return refused(format!("Invalid parent ID. Expected {next}, got {got}"));
        }
        next = id;
    }
    Ok(())
}

const BEYOND_PARSER_V1: &str =
    "a v1Compatibility entry nests deeper than ocilint's parser goes: not modelled";

/// Past parsing. Into storage: the config is fetched first (to check the image's platform)
/// by its digest as written, so one that cannot exist is a 404, and its size must be the
/// blob's (an empty config is never a real one's); each layer's digest is validated before it
/// is looked up; then storage parses the manifest again, by the type its own fields suggest.
/// Into an `oci:` layout: the layers first, then the config when it has a digest (a schema 2
/// image's config is read even without one) by the size given for an OCI config; a digest
/// without `:` panics in go-digest there. Into a `dir:` folder: a layer is looked for as the
/// file named by its digest's hex part before it is fetched (no validation, so a malformed
/// digest is a 404, one without `:` panics, and an empty hex names the folder itself, which
/// exists), and the config, when it has a digest, is copied by the size given.
fn blobs(
    input: &Input<'_>,
    manifest: GoValue,
    destination: Destination,
    schema2: bool,
    release: &Release,
) -> Modelled {
    let config = manifest.field("config");
    let config_digest = text(config, "digest");
    let config_size = int(config, "size");
    let not_found = |step: &'static str| {
        refuse(
            step,
            "invalid status code from registry 404 (Not Found)".to_owned(),
        )
    };
    let absent = |digest: &str| input.lookup_blob(digest).is_absent();
    // The blob's real size when it differs from the one given (-1: unknown, not compared);
    // without the blob known, only a size of zero is known never to be a config's.
    let size_mismatch = || match input.lookup_blob(config_digest) {
        Lookup::Held(stored) => (config_size != -1 && config_size != stored.size as i64)
            .then(|| stored.size.to_string()),
        Lookup::Unknown => (config_size == 0).then(|| "<size of the blob>".to_owned()),
        Lookup::Absent => None,
    };
    let panic_without_separator = |step: &'static str, digest: &str| {
        refuse(
            step,
            format!("panic: no ':' separator in digest {}", go_quote(digest)),
        )
    };
    // Later releases say go-digest's error before any fetch.
    let invalid = |step: &'static str, digest: &str| {
        go_digest::validate(digest)
            .err()
            .filter(|_| release.validates_blob_digests)
            .map(|error| refuse(step, error.message().to_owned()))
    };
    if destination == Destination::Storage {
        if let Some(refusal) = invalid("fetch config", config_digest) {
            return refusal;
        }
        if go_digest::validate(config_digest).is_err() || absent(config_digest) {
            return not_found("fetch config");
        }
        if size_mismatch().is_some() {
            return refuse("fetch config", "blob size mismatch".to_owned());
        }
    }
    let layers = items(Some(manifest), "layers");
    for layer in layers {
        let digest = text(Some(layer), "digest");
        if digest.is_empty() {
            return refuse(
                "copy layers",
                "Can not check for a blob with unknown digest".to_owned(),
            );
        }
        if let Some(refusal) = invalid("copy layers", digest) {
            return refusal;
        }
        if destination == Destination::Dir {
            match digest.split_once(':') {
                None => return panic_without_separator("copy layers", digest),
                Some((_, "")) => continue,
                Some(_) if go_digest::validate(digest).is_err() => return not_found("copy layers"),
                Some(_) => {}
            }
        } else if let Err(error) = go_digest::validate(digest) {
            return refuse("copy layers", error.message().to_owned());
        }
        if absent(digest) {
            return not_found("copy layers");
        }
    }
    let copies_config = match destination {
        Destination::Storage => false,
        Destination::OciLayout => schema2 || !config_digest.is_empty(),
        Destination::Dir => !config_digest.is_empty(),
    };
    if copies_config {
        if let Some(refusal) = invalid("copy config", config_digest) {
            return refusal;
        }
        if go_digest::validate(config_digest).is_err() {
            let panics = match destination {
                Destination::OciLayout => !schema2,
                _ => true,
            };
            if panics && !config_digest.contains(':') {
                return panic_without_separator("copy config", config_digest);
            }
            return not_found("copy config");
        }
        if absent(config_digest) {
            return not_found("copy config");
        }
        // An `oci:` layout copies a schema 2 config without comparing its size.
        let compares_size = destination == Destination::Dir || !schema2;
        if let Some(real) = size_mismatch().filter(|_| compares_size) {
            return refuse(
                "copy config",
                format!(
                    "Size mismatch when copying {config_digest}, expected {config_size}, got {real}"
                ),
            );
        }
    }
    if destination == Destination::Storage {
        let applied = || apply_layers(input, config_digest, layers, release);
        let committed = || commit(input, release);
        let first = if release.unpacks_on_arrival {
            applied().or_else(committed)
        } else {
            committed().or_else(applied)
        };
        if let Some(refusal) = first {
            return refusal;
        }
    }
    // The blobs the registry is not known to hold (every one when nothing is known).
    let not_known: Vec<&str> = std::iter::once(config_digest)
        .filter(|d| !d.is_empty())
        .chain(layers.iter().map(|layer| text(Some(layer), "digest")))
        .filter(|digest| input.lookup_blob(digest).is_unknown())
        .collect();
    // Storage applies every layer (a copy to a layout or `dir:` writes the blobs as they are).
    let unpacks = (destination == Destination::Storage).then(|| {
        if release.checks_diff_ids {
            ", and the layers unpack, their uncompressed digests the config's rootfs.diff_ids"
                .to_owned()
        } else {
            ", and the layers unpack".to_owned()
        }
    });
    Modelled::accept(
        match destination {
            Destination::Storage => "commit to storage",
            Destination::OciLayout | Destination::Dir => "copy config",
        },
        (!not_known.is_empty()).then(|| {
            format!(
                "the registry serves the blobs {} with the sizes given{}",
                listed(not_known.iter().copied()),
                unpacks.unwrap_or_default()
            )
        }),
        SOURCE,
    )
}

/// `storageImageDestination.Commit` → `commitLayer`: storage applies every layer as a tar
/// stream, whatever its media type says, after the manifest is parsed. What the registry
/// holds decides; without it, a type that names no tar (an artifact's file, say) is taken at
/// its word, as the users who pushed one met it (`ApplyLayer … unexpected EOF`): refused
/// unless its bytes happen to be a tar. Go's `archive/tar` runs out of bytes before a header
/// of 512, and finds no header in longer content.
fn apply_layers(
    input: &Input<'_>,
    config_digest: &str,
    layers: GoItems,
    release: &Release,
) -> Option<Modelled> {
    // The config's diffIDs, when the registry's config is known and names any: a layer
    // beyond them is refused before it is applied. (Whether each matches the layer's
    // uncompressed digest needs the layer decompressed: left to the condition.)
    let diff_ids = input
        .lookup_blob(config_digest)
        .held()
        .and_then(|config| config.diff_ids.as_ref())
        .filter(|ids| release.checks_diff_ids && ids.iter().any(|id| !id.is_empty()));
    layers.iter().enumerate().find_map(|(index, layer)| {
        if let Some(ids) = diff_ids.filter(|ids| index >= ids.len()) {
            return Some(refuse(
                "apply layers",
                format!(
                    "writing blob: image config has only {} DiffID values, but a layer with index {index} exists",
                    ids.len()
                ),
            ));
        }
        let digest = text(Some(layer), "digest");
        let media_type = text(Some(layer), "mediaType");
        let (is_tar, size, compressed, condition) = match input.lookup_blob(digest).held() {
            Some(stored) => (stored.tar, stored.size as i64, stored.gzip, None),
            None => (
                !names_other_content(media_type),
                int(Some(layer), "size"),
                media_type.contains("gzip") || media_type.contains("zstd"),
                Some(format!(
                    "{digest} is not a tar archive, as its type {media_type} says"
                )),
            ),
        };
        if is_tar {
            return None;
        }
        let why = if size < 512 {
            "unexpected EOF"
        } else {
            "archive/tar: invalid tar header"
        };
        let message = if release.unpacks_on_arrival {
            // `logString`: the blob's digest, the TOC digest (none: not a partial pull) and
            // the diffID, the digest of the uncompressed stream (the blob's own when it is
            // not compressed).
            let diff_id = if compressed {
                go_quote("sha256:<digest of the uncompressed layer>")
            } else {
                go_quote(digest)
            };
            format!(
                "writing blob: adding layer with blob {}/\"\"/{diff_id}: unpacking failed (error: exit status 1; output: {why})",
                go_quote(digest)
            )
        } else {
            format!(
                "writing blob: adding layer with blob {}: ApplyLayer stdout:  stderr: {why} exit status 1",
                go_quote(digest)
            )
        };
        let mut refusal = refuse("apply layers", message);
        refusal.condition = condition;
        Some(refusal)
    })
}

/// Whether a layer's type deliberately names content other than a tar: a well-formed, specific
/// type that says nothing of tar. A type missing, malformed, generic (`octet-stream`) or in
/// other case is more likely a mislabelled tar than a file, so it is not taken at its word.
fn names_other_content(media_type: &str) -> bool {
    let Some((kind, subtype)) = media_type.split_once('/') else {
        return false;
    };
    let well_formed = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".+-_".contains(&b))
    };
    well_formed(kind)
        && well_formed(subtype)
        && media_type != "application/octet-stream"
        && !subtype.contains("tar")
}

/// `GuessMIMEType`: the document's own `mediaType` when it names a manifest type, else by
/// its schema version and fields; "" when it does not decode.
fn guess_mime_type(input: &Input<'_>) -> String {
    let Ok(meta) = unmarshal(input, &GUESS_FIELDS) else {
        return String::new();
    };
    let declared = text(Some(meta), "mediaType");
    if [SCHEMA2_TYPE, LIST_TYPE, OCI_MANIFEST_TYPE, OCI_INDEX_TYPE].contains(&declared) {
        return declared.to_owned();
    }
    match int(Some(meta), "schemaVersion") {
        1 if meta.field("signatures").is_some() => SCHEMA1_SIGNED.to_owned(),
        1 => SCHEMA1_UNSIGNED.to_owned(),
        2 => {
            let config_type = text(meta.field("config"), "mediaType");
            match config_type {
                OCI_CONFIG_TYPE => OCI_MANIFEST_TYPE.to_owned(),
                "application/vnd.docker.container.image.v1+json" => SCHEMA2_TYPE.to_owned(),
                _ if !items(Some(meta), "manifests").is_empty() => {
                    if config_type.is_empty() {
                        OCI_INDEX_TYPE.to_owned()
                    } else {
                        config_type.to_owned()
                    }
                }
                _ => OCI_MANIFEST_TYPE.to_owned(),
            }
        }
        _ => String::new(),
    }
}

/// The storage destination's `Commit`: `manifest.FromBlob(man, GuessMIMEType(man))`.
fn commit(input: &Input<'_>, release: &Release) -> Option<Modelled> {
    let guessed = guess_mime_type(input);
    let parsed = match normalized(&guessed) {
        LIST_TYPE | OCI_INDEX_TYPE => {
            return Some(refuse(
                "commit to storage",
                "Treating manifest lists as individual manifests is not implemented".to_owned(),
            ))
        }
        OCI_MANIFEST_TYPE => unmarshal(input, release.oci1)
            .map_err(|e| decode_refusal("commit to storage", e))
            .and_then(|m| {
                ambiguity(input, release.oci_ambiguity_type, &["config", "layers"]).map(|()| m)
            })
            .map(|_| ()),
        SCHEMA2_TYPE => unmarshal(input, &SCHEMA2)
            .map_err(|e| decode_refusal("commit to storage", e))
            .and_then(|m| {
                ambiguity(input, SCHEMA2_TYPE, &["config", "layers"])?;
                schema2_media_types(m, release)
            }),
        _ => match schema1(input, release) {
            refusal if refusal.verdict == super::Verdict::Reject => Err(refusal),
            _ => Ok(()),
        },
    };
    parsed.err().map(|mut refusal| {
        refusal.step = "commit to storage";
        refusal
    })
}

//! containers/image 5.23 (podman 4.3.1, skopeo 1.9.3), `podman pull docker://…`: the manifest's
//! type is the served `Content-Type` (`mime.ParseMediaType`, empty when it does not parse),
//! normalized (anything unknown is read as signed schema 1); a list or index is decoded, checked
//! for ambiguity and an instance chosen for linux/amd64, which is then asked of the registry by
//! its digest as written; a single manifest is decoded, checked for ambiguity and its media
//! types, then its blobs are copied: into podman's storage (which wants a runnable image) the
//! config is parsed first and only as an image config, and storage parses the manifest again
//! on commit; into an `oci:` layout (`skopeo copy`) neither. The innermost error of the chain
//! is what is said.

use super::go_decode::{int, items, text, GoValue};
use super::go_digest;
use super::go_syntax::go_quote;
use super::types_containers_image::{
    AMBIGUITY_PROBE, GUESS_FIELDS, OCI1, OCI1_INDEX_TYPE, SCHEMA1, SCHEMA2, SCHEMA2_LIST_TYPE,
};
use super::{go_mime, listed, unmarshal, Input, Lookup, Modelled, UnmarshalError};

const SOURCE: &str = "model: containers/image v5.23 copy/copy.go (isMultiImage, ChooseInstance, checkImageDestinationForCurrentRuntime), manifest/{oci,oci_index,docker_schema2,docker_schema2_list,docker_schema1,common}.go, docker/docker_client.go simplifyContentType, go-digest Validate";

const SCHEMA1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
const SCHEMA1_UNSIGNED: &str = "application/vnd.docker.distribution.manifest.v1+json";
const SCHEMA2_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";
const LIST_TYPE: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
const OCI_MANIFEST_TYPE: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX_TYPE: &str = "application/vnd.oci.image.index.v1+json";
const OCI_CONFIG_TYPE: &str = "application/vnd.oci.image.config.v1+json";
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
    let at = error.range();
    match error {
        UnmarshalError::BeyondParser => Modelled::unknown(step, error.message(), SOURCE),
        error => refuse(step, error.message()),
    }
    .at(at)
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

pub(super) fn pull(input: &Input<'_>) -> Modelled {
    copy(input, Destination::Storage)
}

pub(super) fn copy(input: &Input<'_>, destination: Destination) -> Modelled {
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
        return choose_instance(input, &media_type);
    }
    match normalized(&media_type) {
        OCI_MANIFEST_TYPE => oci_manifest(input, destination),
        SCHEMA2_TYPE => schema2(input, destination),
        _ => schema1(input),
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

fn choose_instance(input: &Input<'_>, media_type: &str) -> Modelled {
    let is_index = media_type == OCI_INDEX_TYPE;
    let list = match unmarshal(
        input,
        if is_index {
            &OCI1_INDEX_TYPE
        } else {
            &SCHEMA2_LIST_TYPE
        },
    ) {
        Ok(list) => list,
        Err(error) => return decode_refusal("decode", error),
    };
    if let Err(refusal) = ambiguity(input, media_type, &["manifests"]) {
        return refusal;
    }
    let entries = items(Some(&list), "manifests");
    let chosen = entries
        .iter()
        .find(|entry| {
            let platform = entry.field("platform");
            // An OCI entry without a platform is passed over here; a Docker entry's is a
            // zero struct. `MatchesPlatform` compares the variant too ("" on amd64).
            (!is_index || platform.is_some())
                && text(platform, "architecture") == WANTED_ARCHITECTURE
                && text(platform, "os") == WANTED_OS
                && text(platform, "variant").is_empty()
        })
        // …and the first OCI entry without a platform is taken when none matches.
        .or_else(|| {
            entries
                .iter()
                .find(|entry| is_index && entry.field("platform").is_none())
        });
    let Some(entry) = chosen else {
        return refuse(
            "choose instance",
            format!(
                "no image found in {} for architecture {WANTED_ARCHITECTURE}, variant \"\", OS {WANTED_OS}",
                if is_index { "image index" } else { "manifest list" }
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

fn oci_manifest(input: &Input<'_>, destination: Destination) -> Modelled {
    let manifest = match unmarshal(input, &OCI1) {
        Ok(manifest) => manifest,
        Err(error) => return decode_refusal("decode", error),
    };
    // containers/image names the index type here (sic).
    if let Err(refusal) = ambiguity(input, OCI_INDEX_TYPE, &["config", "layers"]) {
        return refusal;
    }
    let config_type = text(manifest.field("config"), "mediaType");
    if destination == Destination::Storage && config_type != OCI_CONFIG_TYPE {
        return refuse(
            "parse image configuration",
            format!(
                "unsupported image-specific operation on artifact with type {}",
                go_quote(config_type)
            ),
        );
    }
    blobs(input, &manifest, destination, false)
}

fn schema2(input: &Input<'_>, destination: Destination) -> Modelled {
    let manifest = match unmarshal(input, &SCHEMA2) {
        Ok(manifest) => manifest,
        Err(error) => return decode_refusal("decode", error),
    };
    if let Err(refusal) = ambiguity(input, SCHEMA2_TYPE, &["config", "layers"]) {
        return refusal;
    }
    if let Err(refusal) = schema2_media_types(&manifest) {
        return refusal;
    }
    blobs(input, &manifest, destination, true)
}

/// `SupportedSchema2MediaType` of the manifest's own type and each layer's.
fn schema2_media_types(manifest: &GoValue) -> Result<(), Modelled> {
    let media_types = std::iter::once(text(Some(manifest), "mediaType")).chain(
        items(Some(manifest), "layers")
            .iter()
            .map(|layer| text(Some(layer), "mediaType")),
    );
    for media_type in media_types {
        if !SCHEMA2_MEDIA_TYPES.contains(&media_type) {
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

fn schema1(input: &Input<'_>) -> Modelled {
    let manifest = match unmarshal(input, &SCHEMA1) {
        Ok(manifest) => manifest,
        Err(error) => return decode_refusal("decode as schema 1", error),
    };
    let version = int(Some(&manifest), "schemaVersion");
    if version != 1 {
        return refuse(
            "decode as schema 1",
            format!("unsupported schema version {version}"),
        );
    }
    if let Err(refusal) = ambiguity(input, SCHEMA1_SIGNED, &["fsLayers", "history"]) {
        return refusal;
    }
    let layers = items(Some(&manifest), "fsLayers").len();
    if layers != items(Some(&manifest), "history").len() {
        return refuse(
            "check schema 1",
            "length of history not equal to number of layers".to_owned(),
        );
    }
    if layers == 0 {
        return refuse("check schema 1", "no FSLayers in manifest".to_owned());
    }
    Modelled::unknown(
        "check schema 1",
        "schema 1 conversion is not modelled".to_owned(),
        SOURCE,
    )
}

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
    manifest: &GoValue,
    destination: Destination,
    schema2: bool,
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
    if destination == Destination::Storage {
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
        if let Some(refusal) = commit(input) {
            return refusal;
        }
        if let Some(refusal) = apply_layers(input, layers) {
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
    let unpacks =
        (destination == Destination::Storage).then(|| ", and the layers unpack".to_owned());
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
fn apply_layers(input: &Input<'_>, layers: &[GoValue]) -> Option<Modelled> {
    layers.iter().find_map(|layer| {
        let digest = text(Some(layer), "digest");
        let media_type = text(Some(layer), "mediaType");
        let (is_tar, size, condition) = match input.lookup_blob(digest).held() {
            Some(stored) => (stored.tar, stored.size as i64, None),
            None => (
                !names_other_content(media_type),
                int(Some(layer), "size"),
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
        let mut refusal = refuse(
            "apply layers",
            format!(
                "writing blob: adding layer with blob {}: ApplyLayer stdout:  stderr: {why} exit status 1",
                go_quote(digest)
            ),
        );
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
    let declared = text(Some(&meta), "mediaType");
    if [SCHEMA2_TYPE, LIST_TYPE, OCI_MANIFEST_TYPE, OCI_INDEX_TYPE].contains(&declared) {
        return declared.to_owned();
    }
    match int(Some(&meta), "schemaVersion") {
        1 if meta.field("signatures").is_some() => SCHEMA1_SIGNED.to_owned(),
        1 => SCHEMA1_UNSIGNED.to_owned(),
        2 => {
            let config_type = text(meta.field("config"), "mediaType");
            match config_type {
                OCI_CONFIG_TYPE => OCI_MANIFEST_TYPE.to_owned(),
                "application/vnd.docker.container.image.v1+json" => SCHEMA2_TYPE.to_owned(),
                _ if !items(Some(&meta), "manifests").is_empty() => {
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
fn commit(input: &Input<'_>) -> Option<Modelled> {
    let guessed = guess_mime_type(input);
    let parsed = match normalized(&guessed) {
        LIST_TYPE | OCI_INDEX_TYPE => {
            return Some(refuse(
                "commit to storage",
                "Treating manifest lists as individual manifests is not implemented".to_owned(),
            ))
        }
        OCI_MANIFEST_TYPE => unmarshal(input, &OCI1)
            .map_err(|e| decode_refusal("commit to storage", e))
            .and_then(|m| ambiguity(input, OCI_INDEX_TYPE, &["config", "layers"]).map(|()| m))
            .map(|_| ()),
        SCHEMA2_TYPE => unmarshal(input, &SCHEMA2)
            .map_err(|e| decode_refusal("commit to storage", e))
            .and_then(|m| {
                ambiguity(input, SCHEMA2_TYPE, &["config", "layers"])?;
                schema2_media_types(&m)
            }),
        _ => match schema1(input) {
            refusal if refusal.verdict == super::Verdict::Reject => Err(refusal),
            _ => Ok(()),
        },
    };
    parsed.err().map(|mut refusal| {
        refusal.step = "commit to storage";
        refusal
    })
}

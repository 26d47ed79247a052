//! The annotation keys the image spec defines under `org.opencontainers.image.`: the
//! pre-defined keys of annotations.md and the runtime-config keys of conversion.md, and the
//! closest of them to a misspelt key.

use super::fields::edit_distance;

/// The namespace the image spec reserves for its own annotation keys, with its trailing dot.
pub const PREFIX: &str = "org.opencontainers.image.";

/// The keys annotations.md pre-defines, after `org.opencontainers.image.`.
pub const PREDEFINED: [&str; 14] = [
    "created",
    "authors",
    "url",
    "documentation",
    "source",
    "version",
    "revision",
    "vendor",
    "licenses",
    "ref.name",
    "title",
    "description",
    "base.digest",
    "base.name",
];

/// The keys conversion.md defines for runtime configs (adopted by runtime-spec), after
/// `org.opencontainers.image.`.
pub const CONVERSION: [&str; 8] = [
    "os",
    "architecture",
    "variant",
    "os.version",
    "os.features",
    "author",
    "stopSignal",
    "exposedPorts",
];

/// The pre-defined or conversion key (without [`PREFIX`]) closest to `suffix`, when `suffix`
/// is a plausible misspelling of it: a case variant, or within an edit distance of 2 and of a
/// third of the key's length.
pub fn nearest(suffix: &str) -> Option<&'static str> {
    PREDEFINED
        .iter()
        .chain(CONVERSION.iter())
        .map(|known| {
            let distance = if known.eq_ignore_ascii_case(suffix) {
                0
            } else {
                edit_distance(&known.to_ascii_lowercase(), &suffix.to_ascii_lowercase())
            };
            (distance, *known)
        })
        .filter(|(distance, known)| *distance <= 2.min(known.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known)
}

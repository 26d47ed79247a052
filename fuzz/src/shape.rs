//! Manifest-shaped documents from arbitrary bytes: the fuzzer picks among the spec's own
//! media types, digests that match a blob of the bundle or nearly do, sizes, platforms and
//! annotations, and how the text is laid out, so its inputs get past the JSON syntax and
//! into the rules.

use arbitrary::Arbitrary;
use serde_json::json;

/// A document and the config it may name, with the digest either matching the config's
/// bytes or not: what the bundle rules link.
#[derive(Debug, Arbitrary)]
pub struct Bundle {
    pub document: Document,
    pub config: Option<Config>,
    pub layout: Layout,
}

#[derive(Debug, Arbitrary)]
pub enum Document {
    Manifest(Box<Manifest>),
    Index(Index),
    Config(Config),
}

#[derive(Debug, Arbitrary)]
pub struct Manifest {
    pub schema_version: Number,
    pub media_type: Option<MediaType>,
    pub artifact_type: Option<MediaType>,
    pub config: Option<Descriptor>,
    pub layers: Option<Vec<Descriptor>>,
    pub subject: Option<Descriptor>,
    pub annotations: Option<Vec<(Key, Text)>>,
    pub extra: Option<(Text, Number)>,
}

#[derive(Debug, Arbitrary)]
pub struct Index {
    pub schema_version: Number,
    pub media_type: Option<MediaType>,
    pub manifests: Option<Vec<Descriptor>>,
    pub subject: Option<Descriptor>,
    pub annotations: Option<Vec<(Key, Text)>>,
}

#[derive(Debug, Arbitrary)]
pub struct Descriptor {
    pub media_type: Option<MediaType>,
    pub digest: Option<Digest>,
    pub size: Option<Number>,
    pub platform: Option<Platform>,
    pub urls: Option<Vec<Text>>,
    pub annotations: Option<Vec<(Key, Text)>>,
    pub artifact_type: Option<MediaType>,
    pub data: Option<Text>,
}

#[derive(Debug, Arbitrary)]
pub struct Platform {
    pub os: Word,
    pub architecture: Word,
    pub variant: Option<Word>,
    pub os_version: Option<Text>,
    pub os_features: Option<Vec<Text>>,
}

#[derive(Debug, Arbitrary)]
pub struct Config {
    pub architecture: Option<Word>,
    pub os: Option<Word>,
    pub created: Option<Text>,
    pub env: Option<Vec<Text>>,
    pub exposed_ports: Option<Vec<Text>>,
    pub labels: Option<Vec<(Key, Text)>>,
    pub rootfs_type: Option<Text>,
    pub diff_ids: Option<Vec<Digest>>,
    pub history: Option<Vec<bool>>,
}

/// How the text is laid out: what the positions (lines, UTF-16) and edits must survive.
#[derive(Debug, Arbitrary)]
pub struct Layout {
    pub pretty: bool,
    pub crlf: bool,
    pub byte_order_mark: bool,
    /// Repeat the first member (a duplicate key).
    pub duplicate_first: bool,
    pub non_ascii_escaped: bool,
}

#[derive(Debug, Arbitrary)]
pub enum MediaType {
    Known(u8),
    Other(String),
}

const MEDIA_TYPES: [&str; 24] = [
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.config.v1+json",
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.oci.image.layer.v1.tar+zstd",
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    "application/vnd.oci.empty.v1+json",
    "application/vnd.oci.artifact.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
    "application/vnd.docker.container.image.v1+json",
    "application/vnd.docker.image.rootfs.diff.tar.gzip",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
    "application/vnd.docker.plugin.v1+json",
    "application/vnd.buildkit.cacheconfig.v0",
    "application/vnd.in-toto+json",
    "application/vnd.dev.cosign.simplesigning.v1+json",
    "application/vnd.cncf.helm.config.v1+json",
    "application/octet-stream",
    "application/vnd.oci.image.manifest.v1+json; charset=utf-8",
    "Application/VND.OCI.image.manifest.v1+JSON",
    "",
];

impl MediaType {
    fn text(&self) -> String {
        match self {
            MediaType::Known(at) => MEDIA_TYPES[usize::from(*at) % MEDIA_TYPES.len()].to_owned(),
            MediaType::Other(text) => text.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Digest {
    /// `sha256` of the bundle's config, when there is one (else of `{}`).
    OfConfig,
    OfEmptyJson,
    Sha256Of(Vec<u8>),
    Sha512Of(Vec<u8>),
    Uppercase(Vec<u8>),
    Truncated(Vec<u8>, u8),
    Other(String),
}

impl Digest {
    fn text(&self, config: &[u8]) -> String {
        let sha256 = |bytes: &[u8]| ocilint_core::digest::sha256(bytes);
        match self {
            Digest::OfConfig => sha256(config),
            Digest::OfEmptyJson => sha256(b"{}"),
            Digest::Sha256Of(bytes) => sha256(bytes),
            Digest::Sha512Of(bytes) => {
                ocilint_core::digest::compute("sha512", bytes).unwrap_or_default()
            }
            Digest::Uppercase(bytes) => sha256(bytes).to_uppercase(),
            Digest::Truncated(bytes, keep) => {
                let full = sha256(bytes);
                full[..usize::from(*keep).min(full.len())].to_owned()
            }
            Digest::Other(text) => text.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Number {
    Small(u8),
    Any(i64),
    Float(f64),
    /// Raw number text (exponents, huge digit strings); rendered as a string when not a number.
    Raw(u8, u16),
    Text(String),
}

#[derive(Debug, Arbitrary)]
pub enum Word {
    Known(u8),
    Other(String),
}

const WORDS: [&str; 16] = [
    "linux", "windows", "darwin", "amd64", "arm64", "arm", "386", "s390x", "v7", "v8", "v6",
    "x86_64", "aarch64", "macos", "ppc64le", "riscv64",
];

impl Word {
    fn text(&self) -> String {
        match self {
            Word::Known(at) => WORDS[usize::from(*at) % WORDS.len()].to_owned(),
            Word::Other(text) => text.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Key {
    Known(u8),
    Other(String),
}

const KEYS: [&str; 12] = [
    "org.opencontainers.image.created",
    "org.opencontainers.image.licenses",
    "org.opencontainers.image.url",
    "org.opencontainers.image.ref.name",
    "org.opencontainers.image.base.digest",
    "org.opencontainers.image.base.name",
    "org.opencontainers.image.title",
    "org.opencontainers.image.revison",
    "org.opencontainers.artifact.created",
    "org.label-schema.version",
    "com.example.key",
    "io.containerd.image.name",
];

impl Key {
    fn text(&self) -> String {
        match self {
            Key::Known(at) => KEYS[usize::from(*at) % KEYS.len()].to_owned(),
            Key::Other(text) => text.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Text {
    Known(u8),
    Other(String),
}

const TEXTS: [&str; 12] = [
    "2024-01-02T03:04:05Z",
    "2024-13-45 25:00",
    "Apache-2.0 OR MIT",
    "https://example.com/blob",
    "http://example.com/blob",
    "e30=",
    "e30",
    "PATH=/usr/bin",
    "80/tcp",
    "layers",
    "1.0.0",
    "ubuntu:24.04",
];

impl Text {
    fn text(&self) -> String {
        match self {
            Text::Known(at) => TEXTS[usize::from(*at) % TEXTS.len()].to_owned(),
            Text::Other(text) => text.clone(),
        }
    }
}

type Object = serde_json::Map<String, serde_json::Value>;

fn number(value: &Number) -> serde_json::Value {
    match value {
        Number::Small(n) => json!(n),
        Number::Any(n) => json!(n),
        Number::Float(f) => serde_json::Number::from_f64(*f).map_or(json!(null), Into::into),
        // Placeholder replaced by raw text in `render` (serde_json cannot hold it).
        Number::Raw(digits, exponent) => json!(format!("\u{1}RAW{digits}e{exponent}\u{1}")),
        Number::Text(text) => json!(text),
    }
}

fn string_map(pairs: &[(Key, Text)]) -> serde_json::Value {
    let mut map = Object::new();
    for (key, value) in pairs {
        map.insert(key.text(), json!(value.text()));
    }
    serde_json::Value::Object(map)
}

impl Descriptor {
    fn value(&self, config: &[u8]) -> serde_json::Value {
        let mut out = Object::new();
        if let Some(media_type) = &self.media_type {
            out.insert("mediaType".into(), json!(media_type.text()));
        }
        if let Some(digest) = &self.digest {
            out.insert("digest".into(), json!(digest.text(config)));
        }
        if let Some(size) = &self.size {
            out.insert("size".into(), number(size));
        }
        if let Some(platform) = &self.platform {
            let mut p = Object::new();
            p.insert("os".into(), json!(platform.os.text()));
            p.insert("architecture".into(), json!(platform.architecture.text()));
            if let Some(variant) = &platform.variant {
                p.insert("variant".into(), json!(variant.text()));
            }
            if let Some(version) = &platform.os_version {
                p.insert("os.version".into(), json!(version.text()));
            }
            if let Some(features) = &platform.os_features {
                let features: Vec<String> = features.iter().map(Text::text).collect();
                p.insert("os.features".into(), json!(features));
            }
            out.insert("platform".into(), serde_json::Value::Object(p));
        }
        if let Some(urls) = &self.urls {
            let urls: Vec<String> = urls.iter().map(Text::text).collect();
            out.insert("urls".into(), json!(urls));
        }
        if let Some(annotations) = &self.annotations {
            out.insert("annotations".into(), string_map(annotations));
        }
        if let Some(artifact_type) = &self.artifact_type {
            out.insert("artifactType".into(), json!(artifact_type.text()));
        }
        if let Some(data) = &self.data {
            out.insert("data".into(), json!(data.text()));
        }
        serde_json::Value::Object(out)
    }
}

impl Config {
    fn value(&self) -> serde_json::Value {
        let mut out = Object::new();
        if let Some(architecture) = &self.architecture {
            out.insert("architecture".into(), json!(architecture.text()));
        }
        if let Some(os) = &self.os {
            out.insert("os".into(), json!(os.text()));
        }
        if let Some(created) = &self.created {
            out.insert("created".into(), json!(created.text()));
        }
        let mut runtime = Object::new();
        if let Some(env) = &self.env {
            let env: Vec<String> = env.iter().map(Text::text).collect();
            runtime.insert("Env".into(), json!(env));
        }
        if let Some(ports) = &self.exposed_ports {
            let ports: Object = ports.iter().map(|p| (p.text(), json!({}))).collect();
            runtime.insert("ExposedPorts".into(), serde_json::Value::Object(ports));
        }
        if let Some(labels) = &self.labels {
            runtime.insert("Labels".into(), string_map(labels));
        }
        if !runtime.is_empty() {
            out.insert("config".into(), serde_json::Value::Object(runtime));
        }
        if self.rootfs_type.is_some() || self.diff_ids.is_some() {
            let mut rootfs = Object::new();
            if let Some(kind) = &self.rootfs_type {
                rootfs.insert("type".into(), json!(kind.text()));
            }
            if let Some(ids) = &self.diff_ids {
                let ids: Vec<String> = ids.iter().map(|d| d.text(b"{}")).collect();
                rootfs.insert("diff_ids".into(), json!(ids));
            }
            out.insert("rootfs".into(), serde_json::Value::Object(rootfs));
        }
        if let Some(history) = &self.history {
            let history: Vec<serde_json::Value> = history
                .iter()
                .map(|empty| json!({"created_by": "RUN true", "empty_layer": empty}))
                .collect();
            out.insert("history".into(), json!(history));
        }
        serde_json::Value::Object(out)
    }
}

impl Document {
    fn value(&self, config: &[u8]) -> serde_json::Value {
        let mut out = Object::new();
        match self {
            Document::Manifest(m) => {
                out.insert("schemaVersion".into(), number(&m.schema_version));
                if let Some(media_type) = &m.media_type {
                    out.insert("mediaType".into(), json!(media_type.text()));
                }
                if let Some(artifact_type) = &m.artifact_type {
                    out.insert("artifactType".into(), json!(artifact_type.text()));
                }
                if let Some(descriptor) = &m.config {
                    out.insert("config".into(), descriptor.value(config));
                }
                if let Some(layers) = &m.layers {
                    let layers: Vec<_> = layers.iter().map(|l| l.value(config)).collect();
                    out.insert("layers".into(), json!(layers));
                }
                if let Some(subject) = &m.subject {
                    out.insert("subject".into(), subject.value(config));
                }
                if let Some(annotations) = &m.annotations {
                    out.insert("annotations".into(), string_map(annotations));
                }
                if let Some((key, value)) = &m.extra {
                    out.insert(key.text(), number(value));
                }
            }
            Document::Index(i) => {
                out.insert("schemaVersion".into(), number(&i.schema_version));
                if let Some(media_type) = &i.media_type {
                    out.insert("mediaType".into(), json!(media_type.text()));
                }
                if let Some(manifests) = &i.manifests {
                    let manifests: Vec<_> = manifests.iter().map(|l| l.value(config)).collect();
                    out.insert("manifests".into(), json!(manifests));
                }
                if let Some(subject) = &i.subject {
                    out.insert("subject".into(), subject.value(config));
                }
                if let Some(annotations) = &i.annotations {
                    out.insert("annotations".into(), string_map(annotations));
                }
            }
            Document::Config(c) => return c.value(),
        }
        serde_json::Value::Object(out)
    }
}

impl Layout {
    fn render(&self, value: &serde_json::Value) -> Vec<u8> {
        let mut text = if self.pretty {
            serde_json::to_string_pretty(value)
        } else {
            serde_json::to_string(value)
        }
        .unwrap_or_default();
        text = raw_numbers(&text);
        if self.non_ascii_escaped {
            text = text
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        c.to_string()
                    } else {
                        c.encode_utf16(&mut [0; 2])
                            .iter()
                            .map(|unit| format!("\\u{unit:04x}"))
                            .collect()
                    }
                })
                .collect();
        }
        if self.duplicate_first {
            if let Some(first_member_end) = first_member_end(&text) {
                let member = text[1..first_member_end].to_owned();
                text.insert_str(first_member_end, &format!(",{member}"));
            }
        }
        if self.crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if self.byte_order_mark {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        bytes.extend_from_slice(text.as_bytes());
        bytes
    }
}

/// Replaces the placeholders [`number`] leaves with raw number text: long digit strings and
/// exponents that serde_json would not keep.
fn raw_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("\"\\u0001RAW") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "\"\\u0001RAW".len()..];
        let Some(end) = after.find("\\u0001\"") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let (digits, exponent) = after[..end].split_once('e').unwrap_or(("1", "0"));
        let digits: usize = digits.parse().unwrap_or(1);
        out.push_str(&"9".repeat(digits.max(1)));
        if exponent != "0" {
            out.push_str(&format!("e{exponent}"));
        }
        rest = &after[end + "\\u0001\"".len()..];
    }
    out.push_str(rest);
    out
}

/// Where the first member of a top-level object ends (at the `,` or `}` after it), for
/// objects whose members are scalars or single-level containers written by serde_json.
fn first_member_end(text: &str) -> Option<usize> {
    if !text.starts_with('{') {
        return None;
    }
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    for (at, c) in text.char_indices().skip(1) {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' if depth > 0 => depth -= 1,
            ',' | '}' if depth == 0 => return (at > 1).then_some(at),
            _ => {}
        }
    }
    None
}

impl Bundle {
    /// The document first, then the config it may name.
    pub fn render(&self) -> Vec<Vec<u8>> {
        let config = self.config.as_ref().map(|c| self.layout.render(&c.value()));
        let document = self
            .layout
            .render(&self.document.value(config.as_deref().unwrap_or(b"{}")));
        std::iter::once(document).chain(config).collect()
    }
}

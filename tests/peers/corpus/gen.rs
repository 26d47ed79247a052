//! The corpus generator: four real images (a Docker v2s2 manifest, an OCI manifest, an OCI
//! index and a Docker manifest list over one real gzip'd tar layer and a config whose
//! `diff_ids` match), and every single mutation of them. Deterministic: the same code gives the
//! same bytes, so each case's sha256 is stable (the comparison test fails when it is not).
//!
//! Documents are written by this module's own JSON writer (fixed key order and layout; strings
//! quoted by core's `fix::edit::quote`, whose change would show as drift), so that a
//! dependency's serializer can never change a digest, and so that raw forms (a byte-order
//! mark, duplicated keys, trailing data, escapes, invalid UTF-8) can be written at all.

use std::collections::BTreeSet;

use flate2::read::GzDecoder;
use sha2::{Digest as _, Sha256};

use ocilint_core::fix::edit::quote;
use ocilint_core::spec::media_types::{
    DOCKER_CONFIG, DOCKER_LAYER_GZIP as DOCKER_LAYER, DOCKER_MANIFEST,
    DOCKER_MANIFEST_LIST as DOCKER_LIST, DOCKER_SCHEMA1 as SCHEMA1,
    DOCKER_SCHEMA1_SIGNED as SCHEMA1_SIGNED, OCI_ARTIFACT_MANIFEST as OCI_ARTIFACT, OCI_CONFIG,
    OCI_EMPTY, OCI_INDEX, OCI_LAYER_GZIP as OCI_LAYER, OCI_MANIFEST,
};

/// The URL the `urls` cases name: port 1 of loopback, where nothing listens.
pub(crate) const CLOSED_URL: &str = "http://127.0.0.1:1/blob";

/// The real layer: a gzip'd tar of one small file, committed beside this file (so that no
/// compressor version can change its digest).
const LAYER: &[u8] = include_bytes!("layer.tar.gz");

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn digest(bytes: &[u8]) -> String {
    format!("sha256:{}", sha256_hex(bytes))
}

/// A JSON value as this module writes it: numbers keep their literal text; objects keep their
/// member order (and may hold a key twice).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

fn s(text: &str) -> J {
    J::Str(text.to_owned())
}

fn n(value: impl ToString) -> J {
    J::Num(value.to_string())
}

fn obj(members: &[(&str, J)]) -> J {
    J::Obj(
        members
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

impl J {
    fn type_name(&self) -> &'static str {
        match self {
            J::Null => "null",
            J::Bool(_) => "bool",
            J::Num(_) => "number",
            J::Str(_) => "string",
            J::Arr(_) => "array",
            J::Obj(_) => "object",
        }
    }

    fn write(&self, out: &mut String, pretty: bool, depth: usize) {
        let indent = |out: &mut String, d: usize| {
            if pretty {
                out.push('\n');
                out.push_str(&"   ".repeat(d));
            }
        };
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(text) => out.push_str(text),
            J::Str(text) => out.push_str(&quote(text)),
            J::Arr(items) if items.is_empty() => out.push_str("[]"),
            J::Obj(members) if members.is_empty() => out.push_str("{}"),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    item.write(out, pretty, depth + 1);
                }
                indent(out, depth);
                out.push(']');
            }
            J::Obj(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    out.push_str(&quote(key));
                    out.push(':');
                    if pretty {
                        out.push(' ');
                    }
                    value.write(out, pretty, depth + 1);
                }
                indent(out, depth);
                out.push('}');
            }
        }
    }

    /// Docker's layout: three-space indentation, `": "` after keys.
    pub(crate) fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, true, 0);
        out
    }

    pub(crate) fn compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, false, 0);
        out
    }

    fn at_mut(&mut self, path: &[Seg]) -> &mut J {
        let mut node = self;
        for seg in path {
            node = match (node, seg) {
                (J::Obj(members), Seg::Key(key)) => {
                    &mut members
                        .iter_mut()
                        .find(|(k, _)| k == key)
                        .expect("a path of the base document")
                        .1
                }
                (J::Arr(items), Seg::Idx(i)) => &mut items[*i],
                _ => panic!("a path of the base document"),
            };
        }
        node
    }

    fn at(&self, path: &[Seg]) -> &J {
        let mut node = self;
        for seg in path {
            node = match (node, seg) {
                (J::Obj(members), Seg::Key(key)) => {
                    &members.iter().find(|(k, _)| k == key).expect("path").1
                }
                (J::Arr(items), Seg::Idx(i)) => &items[*i],
                _ => panic!("a path of the base document"),
            };
        }
        node
    }

    /// Every path below this node (not the node itself), parents before children.
    fn paths(&self, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        match self {
            J::Obj(members) => {
                for (key, value) in members {
                    prefix.push(Seg::Key(key.clone()));
                    out.push(prefix.clone());
                    value.paths(prefix, out);
                    prefix.pop();
                }
            }
            J::Arr(items) => {
                for (i, item) in items.iter().enumerate() {
                    prefix.push(Seg::Idx(i));
                    out.push(prefix.clone());
                    item.paths(prefix, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Idx(usize),
}

fn path_name(path: &[Seg]) -> String {
    path.iter()
        .map(|seg| match seg {
            Seg::Key(k) => k.clone(),
            Seg::Idx(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The real content every case points at: one layer, one config, the two child manifests.
#[derive(Debug, Clone)]
pub(crate) struct Images {
    pub(crate) layer: Vec<u8>,
    pub(crate) diff_id: String,
    pub(crate) config: Vec<u8>,
    pub(crate) oci_manifest: Vec<u8>,
    pub(crate) docker_manifest: Vec<u8>,
}

impl Images {
    pub(crate) fn new() -> Images {
        let mut tar = Vec::new();
        std::io::Read::read_to_end(&mut GzDecoder::new(LAYER), &mut tar).expect("the layer");
        let diff_id = digest(&tar);
        let config = obj(&[
            ("architecture", s("amd64")),
            ("os", s("linux")),
            (
                "config",
                obj(&[("Cmd", J::Arr(vec![s("/ocilint-corpus.txt")]))]),
            ),
            (
                "rootfs",
                obj(&[
                    ("type", s("layers")),
                    ("diff_ids", J::Arr(vec![s(&diff_id)])),
                ]),
            ),
            (
                "history",
                J::Arr(vec![obj(&[("created_by", s("ocilint peers corpus"))])]),
            ),
        ])
        .compact()
        .into_bytes();
        let mut images = Images {
            layer: LAYER.to_vec(),
            diff_id,
            config,
            oci_manifest: Vec::new(),
            docker_manifest: Vec::new(),
        };
        images.oci_manifest = images.base(Base::OciManifest).pretty().into_bytes();
        images.docker_manifest = images.base(Base::DockerManifest).pretty().into_bytes();
        images
    }

    fn descriptor(&self, media_type: &str, bytes: &[u8]) -> J {
        obj(&[
            ("mediaType", s(media_type)),
            ("size", n(bytes.len())),
            ("digest", s(&digest(bytes))),
        ])
    }

    fn base(&self, base: Base) -> J {
        let platform = obj(&[("architecture", s("amd64")), ("os", s("linux"))]);
        match base {
            Base::DockerManifest => obj(&[
                ("schemaVersion", n(2)),
                ("mediaType", s(DOCKER_MANIFEST)),
                ("config", self.descriptor(DOCKER_CONFIG, &self.config)),
                (
                    "layers",
                    J::Arr(vec![self.descriptor(DOCKER_LAYER, &self.layer)]),
                ),
            ]),
            Base::OciManifest => obj(&[
                ("schemaVersion", n(2)),
                ("mediaType", s(OCI_MANIFEST)),
                ("config", self.descriptor(OCI_CONFIG, &self.config)),
                (
                    "layers",
                    J::Arr(vec![self.descriptor(OCI_LAYER, &self.layer)]),
                ),
                (
                    "annotations",
                    obj(&[("org.opencontainers.image.title", s("ocilint"))]),
                ),
            ]),
            Base::OciIndex => {
                let mut entry = self.descriptor(OCI_MANIFEST, &self.oci_manifest);
                if let J::Obj(m) = &mut entry {
                    m.push(("platform".into(), platform));
                }
                obj(&[
                    ("schemaVersion", n(2)),
                    ("mediaType", s(OCI_INDEX)),
                    ("manifests", J::Arr(vec![entry])),
                ])
            }
            Base::DockerList => {
                let mut entry = self.descriptor(DOCKER_MANIFEST, &self.docker_manifest);
                if let J::Obj(m) = &mut entry {
                    m.push(("platform".into(), platform));
                }
                obj(&[
                    ("schemaVersion", n(2)),
                    ("mediaType", s(DOCKER_LIST)),
                    ("manifests", J::Arr(vec![entry])),
                ])
            }
        }
    }

    /// The blobs by digest, for uploading and serving.
    pub(crate) fn blobs(&self) -> Vec<(String, Vec<u8>)> {
        vec![
            (digest(&self.layer), self.layer.clone()),
            (digest(&self.config), self.config.clone()),
            (digest(b"{}"), b"{}".to_vec()),
        ]
    }

    /// The child manifests (pushed by digest before a list or index): (digest, media type, bytes).
    pub(crate) fn children(&self) -> Vec<(String, &'static str, Vec<u8>)> {
        vec![
            (
                digest(&self.oci_manifest),
                OCI_MANIFEST,
                self.oci_manifest.clone(),
            ),
            (
                digest(&self.docker_manifest),
                DOCKER_MANIFEST,
                self.docker_manifest.clone(),
            ),
        ]
    }

    /// Names for the known digests in error texts.
    pub(crate) fn labels(&self) -> Vec<(String, &'static str)> {
        vec![
            (sha256_hex(&self.layer), "<layer>"),
            (sha256_hex(&self.config), "<config>"),
            (self.diff_id["sha256:".len()..].to_owned(), "<diff-id>"),
            (sha256_hex(&self.oci_manifest), "<oci-manifest>"),
            (sha256_hex(&self.docker_manifest), "<docker-manifest>"),
            (sha256_hex(b"{}"), "<empty>"),
        ]
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Base {
    DockerManifest,
    OciManifest,
    OciIndex,
    DockerList,
}

impl Base {
    const ALL: [Base; 4] = [
        Base::DockerManifest,
        Base::OciManifest,
        Base::OciIndex,
        Base::DockerList,
    ];

    fn name(self) -> &'static str {
        match self {
            Base::DockerManifest => "docker-manifest",
            Base::OciManifest => "oci-manifest",
            Base::OciIndex => "oci-index",
            Base::DockerList => "docker-list",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Base::DockerManifest => DOCKER_MANIFEST,
            Base::OciManifest => OCI_MANIFEST,
            Base::OciIndex => OCI_INDEX,
            Base::DockerList => DOCKER_LIST,
        }
    }

    fn is_list(self) -> bool {
        matches!(self, Base::OciIndex | Base::DockerList)
    }
}

/// One case: a stable name, the exact bytes and the `Content-Type` of the `PUT` (`None`: no
/// header).
#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub(crate) name: String,
    pub(crate) content_type: Option<String>,
    pub(crate) bytes: Vec<u8>,
}

impl Case {
    pub(crate) fn sha256(&self) -> String {
        sha256_hex(&self.bytes)
    }
}

struct Out {
    base: Base,
    cases: Vec<Case>,
}

impl Out {
    fn push(&mut self, what: &str, bytes: Vec<u8>) {
        self.push_ct(what, Some(self.base.media_type().to_owned()), bytes);
    }

    fn push_ct(&mut self, what: &str, content_type: Option<String>, bytes: Vec<u8>) {
        self.cases.push(Case {
            name: format!("{}:{what}", self.base.name()),
            content_type,
            bytes,
        });
    }

    fn doc(&mut self, what: &str, doc: &J) {
        self.push(what, doc.pretty().into_bytes());
    }
}

/// A value of each JSON type, for "this value as every other type".
fn type_samples() -> Vec<J> {
    vec![
        J::Null,
        J::Bool(true),
        n(1),
        s("x"),
        J::Arr(vec![]),
        J::Obj(vec![]),
    ]
}

fn media_type_variants(current: &str, role: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = vec![
        ("trailing-space".into(), format!("{current} ")),
        ("leading-space".into(), format!(" {current}")),
        ("inner-space".into(), current.replacen('/', " /", 1)),
        ("param-charset".into(), format!("{current}; charset=utf-8")),
        ("param-nospace".into(), format!("{current};charset=utf-8")),
        ("param-empty".into(), format!("{current};")),
        ("upper".into(), current.to_uppercase()),
        ("capitalised".into(), {
            let mut c = current.to_owned();
            c.replace_range(0..1, "A");
            c
        }),
        ("empty".into(), String::new()),
        ("no-subtype".into(), "application".into()),
        ("no-slash".into(), current.replace('/', "")),
        ("double-slash".into(), current.replacen('/', "//", 1)),
        ("wildcard".into(), "*/*".into()),
        ("newline".into(), format!("{current}\n")),
        ("tab".into(), format!("{current}\t")),
        ("nul".into(), format!("{current}\u{0}")),
        ("non-ascii".into(), format!("{current}\u{e9}")),
        ("json".into(), "application/json".into()),
        ("octet-stream".into(), "application/octet-stream".into()),
        (
            "unknown-vnd".into(),
            "application/vnd.example.unknown+json".into(),
        ),
    ];
    let others: &[&str] = match role {
        "top" | "entry" => &[
            OCI_MANIFEST,
            OCI_INDEX,
            DOCKER_MANIFEST,
            DOCKER_LIST,
            SCHEMA1,
            SCHEMA1_SIGNED,
            OCI_ARTIFACT,
            OCI_CONFIG,
        ],
        "config" => &[
            OCI_CONFIG,
            DOCKER_CONFIG,
            OCI_EMPTY,
            OCI_MANIFEST,
            "application/vnd.example.config.v1+json",
        ],
        _ => &[
            OCI_LAYER,
            "application/vnd.oci.image.layer.v1.tar",
            "application/vnd.oci.image.layer.v1.tar+zstd",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            DOCKER_LAYER,
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            "application/vnd.example.blob",
            OCI_CONFIG,
        ],
    };
    for other in others {
        if *other != current {
            let short = other
                .trim_start_matches("application/")
                .replace(['/', '+'], "-");
            v.push((format!("is-{short}"), (*other).to_owned()));
        }
    }
    v
}

fn digest_variants(current: &str) -> Vec<(&'static str, String)> {
    let hex = current.trim_start_matches("sha256:");
    vec![
        ("hex63", format!("sha256:{}", &hex[..63])),
        ("hex65", format!("sha256:{hex}0")),
        ("hex-upper", format!("sha256:{}", hex.to_uppercase())),
        ("alg-upper", format!("SHA256:{hex}")),
        ("md5", format!("md5:{}", &hex[..32])),
        ("sha512-64hex", format!("sha512:{hex}")),
        ("sha512-128hex", format!("sha512:{hex}{hex}")),
        ("sha384-96hex", format!("sha384:{hex}{}", &hex[..32])),
        ("unknown-alg", format!("foo:{hex}")),
        ("alg-with-plus", format!("sha256+b64:{hex}")),
        ("no-alg", hex.to_owned()),
        ("empty-hex", "sha256:".to_owned()),
        ("empty", String::new()),
        ("non-hex", format!("sha256:{}g", &hex[..63])),
        ("trailing-space", format!("{current} ")),
        ("leading-space", format!(" {current}")),
        ("extra-colon", format!("sha256:sha256:{hex}")),
        (
            "absent-blob",
            digest(b"ocilint peers corpus: no such blob\n"),
        ),
    ]
}

fn size_variants(current: u64) -> Vec<(&'static str, J)> {
    vec![
        ("zero", n(0)),
        ("minus-one", n(-1)),
        ("plus-one", n(current + 1)),
        ("minus-one-byte", n(current - 1)),
        ("fraction", J::Num("1.5".into())),
        ("same-as-float", J::Num(format!("{current}.0"))),
        ("exponent", J::Num(format!("{current}e0"))),
        ("negative-zero", J::Num("-0".into())),
        ("2pow53-plus-1", n(9_007_199_254_740_993_u64)),
        ("int64-max", n(i64::MAX)),
        ("int64-max-plus-1", n(9_223_372_036_854_775_808_u64)),
        ("huge-exponent", J::Num("1e400".into())),
        ("as-string-same", s(&current.to_string())),
        ("as-string-zero", s("0")),
    ]
}

fn platform_variants() -> Vec<(&'static str, &'static str, J)> {
    vec![
        ("architecture", "capitalised", s("Amd64")),
        ("architecture", "upper", s("AMD64")),
        ("architecture", "x86_64", s("x86_64")),
        ("architecture", "arm64", s("arm64")),
        ("architecture", "empty", s("")),
        ("architecture", "space", s("amd64 ")),
        ("architecture", "unknown", s("riscv128")),
        ("os", "capitalised", s("Linux")),
        ("os", "upper", s("LINUX")),
        ("os", "windows", s("windows")),
        ("os", "empty", s("")),
        ("os", "space", s(" linux")),
        ("os", "unknown", s("plan10")),
    ]
}

/// Every case, in a fixed order.
pub(crate) fn cases(images: &Images) -> Vec<Case> {
    let mut all = Vec::new();
    for base in Base::ALL {
        let mut out = Out {
            base,
            cases: Vec::new(),
        };
        mutate(images, base, &mut out);
        all.extend(out.cases);
    }
    let mut seen = BTreeSet::new();
    for case in &all {
        assert!(
            seen.insert(case.name.clone()),
            "case name twice: {}",
            case.name
        );
    }
    all
}

fn mutate(images: &Images, base: Base, out: &mut Out) {
    let doc = images.base(base);
    let pretty = doc.pretty();
    out.doc("original", &doc);

    // Each field removed; each value as every other JSON type and null.
    let mut paths = Vec::new();
    doc.paths(&mut Vec::new(), &mut paths);
    for path in &paths {
        let name = path_name(path);
        let mut removed = doc.clone();
        let (parent, last) = path.split_at(path.len() - 1);
        match (removed.at_mut(parent), &last[0]) {
            (J::Obj(members), Seg::Key(key)) => members.retain(|(k, _)| k != key),
            (J::Arr(items), Seg::Idx(i)) => {
                items.remove(*i);
            }
            _ => unreachable!(),
        }
        out.doc(&format!("{name}:removed"), &removed);
        let current = doc.at(path).type_name();
        for sample in type_samples() {
            if sample.type_name() == current {
                continue;
            }
            let mut changed = doc.clone();
            *changed.at_mut(path) = sample.clone();
            out.doc(&format!("{name}:as-{}", sample.type_name()), &changed);
        }
        // Typed values in their unusual forms.
        let key = match path.last() {
            Some(Seg::Key(k)) => k.as_str(),
            _ => "",
        };
        match (key, doc.at(path)) {
            ("mediaType", J::Str(current)) => {
                let role = match path.first() {
                    _ if path.len() == 1 => "top",
                    Some(Seg::Key(k)) if k == "config" => "config",
                    Some(Seg::Key(k)) if k == "manifests" => "entry",
                    _ => "layer",
                };
                for (what, value) in media_type_variants(current, role) {
                    let mut changed = doc.clone();
                    *changed.at_mut(path) = s(&value);
                    out.doc(&format!("{name}:{what}"), &changed);
                }
            }
            ("digest", J::Str(current)) => {
                for (what, value) in digest_variants(current) {
                    let mut changed = doc.clone();
                    *changed.at_mut(path) = s(&value);
                    out.doc(&format!("{name}:{what}"), &changed);
                }
            }
            ("size", J::Num(current)) => {
                let current: u64 = current.parse().expect("a size");
                for (what, value) in size_variants(current) {
                    let mut changed = doc.clone();
                    *changed.at_mut(path) = value;
                    out.doc(&format!("{name}:{what}"), &changed);
                }
            }
            ("schemaVersion", _) => {
                for (what, value) in [
                    ("one", n(1)),
                    ("three", n(3)),
                    ("zero", n(0)),
                    ("minus-two", n(-2)),
                    ("float", J::Num("2.0".into())),
                    ("exponent", J::Num("2e0".into())),
                    ("as-string-2", s("2")),
                    ("huge", J::Num("18446744073709551618".into())),
                ] {
                    let mut changed = doc.clone();
                    *changed.at_mut(path) = value;
                    out.doc(&format!("{name}:{what}"), &changed);
                }
            }
            _ => {}
        }
    }

    // Platform values.
    if base.is_list() {
        let platform = [
            Seg::Key("manifests".into()),
            Seg::Idx(0),
            Seg::Key("platform".into()),
        ];
        for (field, what, value) in platform_variants() {
            let mut changed = doc.clone();
            *changed.at_mut(&[platform.as_slice(), &[Seg::Key(field.into())]].concat()) = value;
            out.doc(&format!("manifests.0.platform.{field}:{what}"), &changed);
        }
        for (what, member, value) in [
            ("variant-v8", "variant", s("v8")),
            ("variant-empty", "variant", s("")),
            ("os-version", "os.version", s("10.0.17763.1879")),
            ("os-features", "os.features", J::Arr(vec![s("win32k")])),
            ("features", "features", J::Arr(vec![s("sse4")])),
            ("extra-field", "x-extra", s("1")),
            ("case-variant-key", "OS", s("windows")),
        ] {
            let mut changed = doc.clone();
            if let J::Obj(m) = changed.at_mut(&platform) {
                m.push((member.to_owned(), value));
            }
            out.doc(&format!("manifests.0.platform:{what}"), &changed);
        }
        // A second entry for another platform, before and after.
        let entry = doc.at(&[Seg::Key("manifests".into()), Seg::Idx(0)]).clone();
        let mut arm = entry.clone();
        if let J::Obj(m) = &mut arm {
            m.retain(|(k, _)| k != "platform");
            m.push((
                "platform".into(),
                obj(&[("architecture", s("arm64")), ("os", s("linux"))]),
            ));
        }
        for (what, items) in [
            ("second-entry-arm64-after", vec![entry.clone(), arm.clone()]),
            (
                "second-entry-arm64-before",
                vec![arm.clone(), entry.clone()],
            ),
            ("only-arm64", vec![arm]),
            ("same-entry-twice", vec![entry.clone(), entry.clone()]),
        ] {
            let mut changed = doc.clone();
            *changed.at_mut(&[Seg::Key("manifests".into())]) = J::Arr(items);
            out.doc(&format!("manifests:{what}"), &changed);
        }
    }

    // Extra fields.
    let other_type = match base {
        Base::DockerManifest => OCI_MANIFEST,
        Base::OciManifest => DOCKER_MANIFEST,
        Base::OciIndex => DOCKER_LIST,
        Base::DockerList => OCI_INDEX,
    };
    let descriptor_path: Vec<Seg> = if base.is_list() {
        vec![Seg::Key("manifests".into()), Seg::Idx(0)]
    } else {
        vec![Seg::Key("layers".into()), Seg::Idx(0)]
    };
    let extras: Vec<(&str, Vec<Seg>, &str, J)> = vec![
        ("root-unknown-field", vec![], "x-extra", n(1)),
        (
            "root-unknown-object",
            vec![],
            "x-extra",
            obj(&[("a", n(1))]),
        ),
        ("root-MediaType-other", vec![], "MediaType", s(other_type)),
        ("root-SCHEMAVERSION-1", vec![], "SCHEMAVERSION", n(1)),
        ("root-schemaversion-1", vec![], "schemaversion", n(1)),
        (
            "root-artifactType",
            vec![],
            "artifactType",
            s("application/vnd.example.sbom.v1+json"),
        ),
        (
            "root-subject",
            vec![],
            "subject",
            images.descriptor(OCI_MANIFEST, &images.oci_manifest),
        ),
        (
            "root-annotations",
            vec![],
            "annotations",
            obj(&[("org.example", s("x"))]),
        ),
        (
            "root-annotations-number",
            vec![],
            "annotations",
            obj(&[("org.example", n(1))]),
        ),
        ("root-manifests-empty", vec![], "manifests", J::Arr(vec![])),
        ("root-layers-empty", vec![], "layers", J::Arr(vec![])),
        (
            "root-config",
            vec![],
            "config",
            images.descriptor(OCI_CONFIG, &images.config),
        ),
        (
            "descriptor-urls",
            descriptor_path.clone(),
            "urls",
            J::Arr(vec![s(CLOSED_URL)]),
        ),
        (
            "descriptor-urls-string",
            descriptor_path.clone(),
            "urls",
            s(CLOSED_URL),
        ),
        (
            "descriptor-annotations-number",
            descriptor_path.clone(),
            "annotations",
            obj(&[("org.example", n(1))]),
        ),
        (
            "descriptor-data-bad-base64",
            descriptor_path.clone(),
            "data",
            s("!!not base64!!"),
        ),
        (
            "descriptor-unknown-field",
            descriptor_path.clone(),
            "x-extra",
            J::Bool(true),
        ),
        (
            "descriptor-Digest-absent-blob",
            descriptor_path.clone(),
            "Digest",
            s(&digest(b"ocilint peers corpus: no such blob\n")),
        ),
        (
            "descriptor-artifactType",
            descriptor_path.clone(),
            "artifactType",
            s("application/vnd.example+json"),
        ),
    ];
    for (what, at, key, value) in extras {
        let mut changed = doc.clone();
        if let J::Obj(m) = changed.at_mut(&at) {
            if m.iter().any(|(k, _)| k == key) {
                continue;
            }
            m.push((key.to_owned(), value));
        }
        out.doc(&format!("extra:{what}"), &changed);
    }
    if !base.is_list() {
        let mut changed = doc.clone();
        let data = base64(&images.layer);
        if let J::Obj(m) = changed.at_mut(&descriptor_path) {
            m.push(("data".into(), s(&data)));
        }
        out.doc("extra:descriptor-data-matching", &changed);
    }

    // Duplicated keys, both orders.
    let dup = |path: &[Seg], key: &str, other: J| -> (J, J) {
        let mut first = doc.clone();
        let mut second = doc.clone();
        for (target, other_first) in [(&mut first, true), (&mut second, false)] {
            if let J::Obj(m) = target.at_mut(path) {
                let at = m.iter().position(|(k, _)| k == key).expect("key");
                let at = if other_first { at } else { at + 1 };
                m.insert(at, (key.to_owned(), other.clone()));
            }
        }
        (first, second)
    };
    let mut dups: Vec<(String, Vec<Seg>, &str, J)> = vec![
        ("schemaVersion-1".into(), vec![], "schemaVersion", n(1)),
        ("schemaVersion-2".into(), vec![], "schemaVersion", n(2)),
        ("mediaType-other".into(), vec![], "mediaType", s(other_type)),
        (
            "mediaType-same".into(),
            vec![],
            "mediaType",
            s(base.media_type()),
        ),
        ("mediaType-null".into(), vec![], "mediaType", J::Null),
    ];
    let bad_digest = digest(b"ocilint peers corpus: no such blob\n");
    dups.push((
        "descriptor-digest-absent".into(),
        descriptor_path.clone(),
        "digest",
        s(&bad_digest),
    ));
    dups.push((
        "descriptor-size-zero".into(),
        descriptor_path.clone(),
        "size",
        n(0),
    ));
    if base.is_list() {
        dups.push((
            "manifests-empty".into(),
            vec![],
            "manifests",
            J::Arr(vec![]),
        ));
        dups.push((
            "platform-architecture-arm64".into(),
            [descriptor_path.as_slice(), &[Seg::Key("platform".into())]].concat(),
            "architecture",
            s("arm64"),
        ));
    } else {
        dups.push(("layers-empty".into(), vec![], "layers", J::Arr(vec![])));
        dups.push((
            "config-mediaType-other".into(),
            vec![Seg::Key("config".into())],
            "mediaType",
            s("application/vnd.example.config.v1+json"),
        ));
    }
    for (what, path, key, other) in dups {
        let (first, second) = dup(&path, key, other);
        out.doc(&format!("duplicate:{what}:other-first"), &first);
        out.doc(&format!("duplicate:{what}:other-last"), &second);
    }
    // A case-variant key, both orders (Go matches keys case-insensitively).
    {
        let mut first = doc.clone();
        let mut last = doc.clone();
        if let (J::Obj(a), J::Obj(b)) = (&mut first, &mut last) {
            a.insert(1, ("MEDIATYPE".into(), s(other_type)));
            b.push(("MEDIATYPE".into(), s(other_type)));
        }
        out.doc("duplicate:MEDIATYPE-other:other-first", &first);
        out.doc("duplicate:MEDIATYPE-other:other-last", &last);
    }

    // Raw forms of the bytes.
    let bytes = pretty.as_bytes();
    let with = |pre: &[u8], post: &[u8]| [pre, bytes, post].concat();
    out.push("raw:bom", with(b"\xef\xbb\xbf", b""));
    out.push("raw:bom-twice", with(b"\xef\xbb\xbf\xef\xbb\xbf", b""));
    out.push("raw:utf16le-bom", {
        let mut v = vec![0xff, 0xfe];
        for u in pretty.encode_utf16() {
            v.extend(u.to_le_bytes());
        }
        v
    });
    out.push("raw:leading-whitespace", with(b" \n\t", b""));
    out.push("raw:trailing-newline", with(b"", b"\n"));
    out.push("raw:trailing-whitespace", with(b"", b" \r\n\t "));
    out.push("raw:compact", doc.compact().into_bytes());
    out.push("raw:crlf", pretty.replace('\n', "\r\n").into_bytes());
    out.push("raw:trailing-object", with(b"", b"{}"));
    out.push("raw:trailing-garbage", with(b"", b"x"));
    out.push("raw:trailing-nul", with(b"", b"\0"));
    out.push("raw:trailing-newline-garbage", with(b"", b"\nx"));
    out.push("raw:twice", [bytes, b"\n", bytes].concat());
    out.push("raw:truncated", bytes[..bytes.len() - 1].to_vec());
    out.push("raw:trailing-comma", {
        let mut t = pretty.clone();
        let at = t.rfind('}').expect("}");
        t.insert(at, ',');
        t.into_bytes()
    });
    out.push("raw:single-quotes", pretty.replace('"', "'").into_bytes());
    out.push("raw:as-array", with(b"[", b"]"));
    out.push("raw:null", b"null".to_vec());
    out.push("raw:empty-object", b"{}".to_vec());
    out.push("raw:empty-body", Vec::new());
    out.push("raw:whitespace-only", b" \n".to_vec());
    out.push("raw:nul-byte-leading", with(b"\0", b""));
    // Deep nesting in an unknown field: Go's decoder stops past 10000 levels.
    for depth in [100usize, 9_999, 10_000, 10_001, 100_000] {
        // The root object is one level; the field holds depth - 1 arrays.
        let field = format!(
            ",\n   \"x-deep\": {}{}",
            "[".repeat(depth - 1),
            "]".repeat(depth - 1)
        );
        let mut t = pretty.clone();
        let at = t.rfind('}').expect("}");
        t.insert_str(at - 1, &field);
        out.push(&format!("raw:deep-{depth}"), t.into_bytes());
    }
    // Escapes.
    let media = base.media_type();
    let first_media = format!("\"mediaType\": \"{media}\"");
    assert!(pretty.contains(&first_media));
    let escape = |what: &str, replacement: String, out: &mut Out| {
        out.push(
            what,
            pretty.replacen(&first_media, &replacement, 1).into_bytes(),
        );
    };
    escape(
        "escape:mediaType-slash",
        format!("\"mediaType\": \"{}\"", media.replace('/', "\\/")),
        out,
    );
    escape(
        "escape:mediaType-unicode-a",
        format!("\"mediaType\": \"\\u0061{}\"", &media[1..]),
        out,
    );
    escape(
        "escape:mediaType-unicode-upper-hex",
        format!("\"mediaType\": \"\\u0041{}\"", &media[1..]),
        out,
    );
    escape(
        "escape:key-unicode",
        format!("\"media\\u0054ype\": \"{media}\""),
        out,
    );
    escape(
        "escape:key-upper",
        format!("\"MEDIATYPE\": \"{media}\""),
        out,
    );
    escape(
        "escape:key-kelvin-k",
        format!("\"mediaType\": \"{media}\", \"\u{212a}\": 1"),
        out,
    );
    escape(
        "escape:mediaType-nul",
        format!("\"mediaType\": \"{media}\\u0000\""),
        out,
    );
    escape(
        "escape:lone-surrogate-in-field",
        format!("\"mediaType\": \"{media}\", \"x-extra\": \"\\ud800\""),
        out,
    );
    escape(
        "escape:pair-surrogate-in-field",
        format!("\"mediaType\": \"{media}\", \"x-extra\": \"\\ud83d\\ude00\""),
        out,
    );
    escape(
        "escape:bad-escape",
        format!("\"mediaType\": \"{media}\", \"x-extra\": \"\\x41\""),
        out,
    );
    escape(
        "escape:raw-tab-in-string",
        format!("\"mediaType\": \"{media}\", \"x-extra\": \"a\tb\""),
        out,
    );
    escape(
        "escape:raw-newline-in-string",
        format!("\"mediaType\": \"{media}\", \"x-extra\": \"a\nb\""),
        out,
    );
    // The first media type replaced, with a U+0001 marking where the byte 0xFF goes.
    let with_invalid_utf8 = |replacement: String| -> Vec<u8> {
        pretty
            .replacen(&first_media, &replacement, 1)
            .into_bytes()
            .into_iter()
            .map(|b| if b == 1 { 0xff } else { b })
            .collect()
    };
    out.push(
        "escape:invalid-utf8-in-field",
        with_invalid_utf8(format!(
            "\"mediaType\": \"{media}\", \"x-extra\": \"a\u{1}b\""
        )),
    );
    out.push(
        "escape:invalid-utf8-in-mediaType",
        with_invalid_utf8(format!("\"mediaType\": \"{media}\u{1}\"")),
    );
    out.push("escape:leading-zero-schemaVersion", {
        pretty
            .replacen("\"schemaVersion\": 2", "\"schemaVersion\": 02", 1)
            .into_bytes()
    });
    out.push("escape:plus-schemaVersion", {
        pretty
            .replacen("\"schemaVersion\": 2", "\"schemaVersion\": +2", 1)
            .into_bytes()
    });

    // Each Content-Type a client might send, on the unchanged document.
    let content_types: Vec<(&str, Option<String>)> = vec![
        ("oci-manifest", Some(OCI_MANIFEST.into())),
        ("oci-index", Some(OCI_INDEX.into())),
        ("docker-manifest", Some(DOCKER_MANIFEST.into())),
        ("docker-list", Some(DOCKER_LIST.into())),
        ("schema1", Some(SCHEMA1.into())),
        ("schema1-signed", Some(SCHEMA1_SIGNED.into())),
        ("oci-artifact", Some(OCI_ARTIFACT.into())),
        ("oci-config", Some(OCI_CONFIG.into())),
        ("application-json", Some("application/json".into())),
        ("octet-stream", Some("application/octet-stream".into())),
        ("text-plain", Some("text/plain".into())),
        ("wildcard", Some("*/*".into())),
        ("none", None),
        ("own-charset", Some(format!("{media}; charset=utf-8"))),
        ("own-upper", Some(media.to_uppercase())),
        ("own-trailing-space", Some(format!("{media} "))),
        ("own-unknown-param", Some(format!("{media}; x=1"))),
        ("malformed", Some("application/".into())),
    ];
    for (what, content_type) in content_types {
        if content_type.as_deref() == Some(media) {
            continue;
        }
        out.push_ct(
            &format!("content-type:{what}"),
            content_type,
            bytes.to_vec(),
        );
    }
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((v >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

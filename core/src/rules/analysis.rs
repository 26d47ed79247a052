//! A document analysed once: its bytes parsed, its kind and media type decided, and the rule
//! context over it. `check`, the bundle rules and every rewrite start from here, so a document
//! is parsed once per check and its media type is decided in one place.

use crate::json::{self, Arena, Node, Parsed};
use crate::kind::{self, Kind};

use super::Context;

/// A document's bytes, parsed, with what it is.
#[derive(Debug)]
pub struct Analysed<'a> {
    pub parsed: Parsed<'a>,
    /// What the document is checked as: the `Content-Type`'s kind when one is given, else
    /// [`Analysed::detected`]. `Unknown` when the bytes are not JSON.
    pub kind: Kind,
    /// What the bytes say they are, whatever the `Content-Type`.
    pub detected: Kind,
    /// The media type the document is checked as: the `Content-Type`, else its own
    /// `mediaType`, else its kind's.
    pub media_type: Option<String>,
    /// The `Content-Type` without parameters (`; charset=…`), as registries read it.
    pub content_type: Option<&'a str>,
    /// The `Content-Type` exactly as given, parameters included.
    pub content_type_header: Option<&'a str>,
}

/// The parse of bytes derived from a document rather than of a document: a target's model reads
/// a document nested deeper than the parser goes as its program does, with the values it skips
/// blanked (`targets::model`); the paste rules ask whether a whole JSON value starts after the
/// text pasted before it (`Pasted::json_start`). Kept here so that this file stays the one place that parses.
pub(crate) fn parse_derived<'a>(bytes: &'a [u8], arena: &'a Arena) -> Parsed<'a> {
    json::parse(bytes, arena)
}

impl<'a> Analysed<'a> {
    /// Parses `bytes` (the tree kept in `arena`) and decides what they are, as received with
    /// `content_type` (a `Content-Type` header, parameters allowed) when one is given.
    pub fn new(bytes: &'a [u8], content_type_header: Option<&'a str>, arena: &'a Arena) -> Self {
        let parsed = json::parse(bytes, arena);
        let content_type =
            content_type_header.map(|header| header.split(';').next().unwrap_or(header).trim());
        let Some(root) = &parsed.document.root else {
            return Analysed {
                parsed,
                kind: Kind::Unknown,
                detected: Kind::Unknown,
                media_type: content_type.map(str::to_owned),
                content_type,
                content_type_header,
            };
        };
        let detected = kind::detect(&parsed.document, root);
        let kind = match content_type {
            Some(media_type) => Kind::from_media_type(media_type).unwrap_or(Kind::Unknown),
            None => detected,
        };
        let media_type = decide_media_type(kind, root, content_type).map(str::to_owned);
        Analysed {
            parsed,
            kind,
            detected,
            media_type,
            content_type,
            content_type_header,
        }
    }

    /// The exact bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.parsed.document.source
    }

    /// The document's value; `None` when the bytes are not JSON.
    pub fn root(&self) -> Option<&Node<'a>> {
        self.parsed.document.root.as_ref()
    }

    /// The media type the bytes themselves give, whatever the `Content-Type`: what a parent's
    /// descriptor should name.
    pub fn own_media_type(&self) -> Option<&str> {
        decide_media_type(self.detected, self.root()?, None)
    }

    /// What the document rules see; `None` when the bytes are not JSON. `platform`
    /// (`os/arch[/variant]`) makes the fixes that need one applicable.
    pub fn context<'s>(&'s self, platform: Option<&'s str>) -> Option<Context<'s>> {
        Some(Context {
            document: &self.parsed.document,
            root: self.root()?,
            kind: self.kind,
            media_type: self.media_type.as_deref(),
            content_type: self.content_type,
            content_type_header: self.content_type_header,
            platform,
            config_of: None,
            cache: Default::default(),
        })
    }

    /// A context over the document as its bytes say it is (for the bundle's links, which
    /// follow what each document is, not the header it was checked with).
    pub fn detected_context(&self) -> Option<Context<'_>> {
        Some(Context {
            document: &self.parsed.document,
            root: self.root()?,
            kind: self.detected,
            media_type: None,
            content_type: None,
            content_type_header: None,
            platform: None,
            config_of: None,
            cache: Default::default(),
        })
    }
}

/// The one decision of a document's media type: the `Content-Type` it came with, else its
/// own `mediaType` (only documents that identify themselves by it: a descriptor's or config's
/// names something else), else the one its kind is identified by.
fn decide_media_type<'r>(
    kind: Kind,
    root: &'r Node<'r>,
    content_type: Option<&'r str>,
) -> Option<&'r str> {
    let declared = root
        .get("mediaType")
        .and_then(|m| m.value.as_str())
        .filter(|_| kind.declares_own_media_type());
    content_type
        .or(declared)
        .or_else(|| kind::detected_media_type(kind, root))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::media_types as mt;

    #[test]
    fn the_content_type_decides_kind_and_media_type_without_its_parameters() {
        let bytes = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": []}"#;
        let header = "application/vnd.oci.image.manifest.v1+json; charset=utf-8";
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(bytes, Some(header), &arena);
        assert_eq!(analysed.kind, Kind::OciManifest);
        assert_eq!(analysed.detected, Kind::OciIndex);
        assert_eq!(analysed.media_type.as_deref(), Some(mt::OCI_MANIFEST));
        assert_eq!(analysed.content_type_header, Some(header));
        assert_eq!(analysed.own_media_type(), Some(mt::OCI_INDEX));
    }

    #[test]
    fn a_descriptor_is_not_the_media_type_it_names_and_signed_schema1_is_signed() {
        let descriptor = br#"{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", "size": 2}"#;
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(descriptor, None, &arena);
        assert_eq!(analysed.kind, Kind::Descriptor);
        assert_eq!(analysed.media_type.as_deref(), Some(mt::OCI_DESCRIPTOR));
        let schema1 = br#"{"schemaVersion": 1, "name": "a", "tag": "b", "fsLayers": [], "history": [], "signatures": []}"#;
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(schema1, None, &arena);
        assert_eq!(analysed.kind, Kind::DockerSchema1);
        assert_eq!(analysed.own_media_type(), Some(mt::DOCKER_SCHEMA1_SIGNED));
    }

    #[test]
    fn bytes_that_are_not_json_are_unknown_with_the_content_type_as_media_type() {
        let arena = crate::json::Arena::new();
        let analysed = Analysed::new(b"not json", Some(mt::OCI_MANIFEST), &arena);
        assert!(analysed.root().is_none());
        assert_eq!(analysed.kind, Kind::Unknown);
        assert_eq!(analysed.media_type.as_deref(), Some(mt::OCI_MANIFEST));
        assert!(analysed.context(None).is_none());
        assert!(!analysed.parsed.issues.is_empty());
    }
}

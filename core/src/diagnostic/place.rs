//! Where a site of the shared walks is, kept as the parts its pointer is made of.
//!
//! The rules' shared walks (descriptors, platforms, media-type fields and annotation maps) hold
//! a place for every descriptor of the document. As strings, those pointers were six
//! small allocations per entry of an index: about 23 MB of an 80,000-entry index's check, held
//! until the rules were done, for the few a diagnostic names. A place is 8 bytes and makes its
//! [`Pointer`] when asked.

use std::fmt;

use crate::json::Digits;
use crate::json::Pointer;

/// A member of a manifest's or index's root that holds descriptors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Config,
    Layers,
    Manifests,
    Blobs,
    Subject,
}

impl Slot {
    pub fn key(self) -> &'static str {
        match self {
            Slot::Config => "config",
            Slot::Layers => "layers",
            Slot::Manifests => "manifests",
            Slot::Blobs => "blobs",
            Slot::Subject => "subject",
        }
    }

    /// The slot of a root member named `key`, if it holds descriptors.
    pub fn named(key: &str) -> Option<Slot> {
        Some(match key {
            "config" => Slot::Config,
            "layers" => Slot::Layers,
            "manifests" => Slot::Manifests,
            "blobs" => Slot::Blobs,
            "subject" => Slot::Subject,
            _ => return None,
        })
    }
}

/// A member of a descriptor (or of the root) that a walk points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Platform,
    MediaType,
    ArtifactType,
    Annotations,
}

impl Part {
    pub fn key(self) -> &'static str {
        match self {
            Part::Platform => "platform",
            Part::MediaType => "mediaType",
            Part::ArtifactType => "artifactType",
            Part::Annotations => "annotations",
        }
    }
}

/// `""`, `/<slot>`, `/<slot>/<item>`, each optionally followed by `/<part>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    slot: Option<Slot>,
    part: Option<Part>,
    /// `u32::MAX` when the slot is not an array: an `Option<u32>` would make a place 12 bytes.
    item: u32,
}

const NO_ITEM: u32 = u32::MAX;

impl Place {
    /// The document itself.
    pub const ROOT: Place = Place {
        slot: None,
        part: None,
        item: NO_ITEM,
    };

    /// A root member that holds one descriptor: `/config`, `/subject`.
    pub fn slot(slot: Slot) -> Place {
        Place {
            slot: Some(slot),
            ..Place::ROOT
        }
    }

    /// An item of a root array of descriptors: `/layers/3`. An index past `u32::MAX - 1` (a
    /// document of more than 4 GB of descriptors) is not a place any walk meets: it takes the
    /// last index a place can hold rather than overflow.
    pub fn item(slot: Slot, index: usize) -> Place {
        Place {
            slot: Some(slot),
            part: None,
            item: u32::try_from(index).unwrap_or(NO_ITEM - 1).min(NO_ITEM - 1),
        }
    }

    /// This place's `part`: `/manifests/3/platform`, `/mediaType`. A place holds one part, so
    /// the place must have none yet.
    pub fn part(self, part: Part) -> Place {
        debug_assert!(self.part.is_none(), "{self} already has a part");
        Place {
            part: Some(part),
            ..self
        }
    }

    /// The pointer this place names: the slots' and parts' names have no character a pointer
    /// escapes.
    pub fn pointer(self) -> Pointer {
        Pointer::from_unescaped_parts(self.text())
    }

    /// The pointer's text, in one allocation.
    fn text(self) -> String {
        let mut text = String::with_capacity(32);
        if let Some(slot) = self.slot {
            text.push('/');
            text.push_str(slot.key());
        }
        if self.item != NO_ITEM {
            text.push('/');
            Digits::of(self.item as usize).push_onto(&mut text);
        }
        if let Some(part) = self.part {
            text.push('/');
            text.push_str(part.key());
        }
        text
    }

    /// The pointer to `name` inside this place.
    pub fn key(self, name: &str) -> Pointer {
        self.pointer().key(name)
    }
}

impl From<Place> for Pointer {
    fn from(place: Place) -> Pointer {
        place.pointer()
    }
}

/// Where a diagnostic as a rule emits it, or a place related to it, points: a [`Place`] of the
/// shared walks, written out only when the diagnostic is located (an index whose every entry
/// has a finding made two pointers per entry that the rules never read), or a pointer the
/// rule made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawPointer {
    Place(Place),
    Made(Pointer),
}

impl RawPointer {
    /// The pointer's text, written out if it is a place.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            RawPointer::Place(place) => place.text().into(),
            RawPointer::Made(pointer) => pointer.as_str().into(),
        }
    }

    pub fn into_string(self) -> String {
        match self {
            RawPointer::Place(place) => place.text(),
            RawPointer::Made(pointer) => pointer.into_string(),
        }
    }
}

impl From<Place> for RawPointer {
    fn from(place: Place) -> RawPointer {
        RawPointer::Place(place)
    }
}

impl From<Pointer> for RawPointer {
    fn from(pointer: Pointer) -> RawPointer {
        RawPointer::Made(pointer)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.pointer(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_names_the_pointer_it_was_made_from() {
        assert_eq!(Place::ROOT.pointer().as_str(), "");
        assert_eq!(Place::slot(Slot::Config).pointer().as_str(), "/config");
        assert_eq!(
            Place::item(Slot::Manifests, 12345)
                .part(Part::Platform)
                .pointer()
                .as_str(),
            "/manifests/12345/platform"
        );
        assert_eq!(Place::ROOT.part(Part::MediaType).to_string(), "/mediaType");
        assert_eq!(
            Place::item(Slot::Layers, 0).key("a/b").as_str(),
            "/layers/0/a~1b"
        );
        assert_eq!(std::mem::size_of::<Place>(), 8);
    }
}

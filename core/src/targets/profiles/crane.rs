//! go-containerregistry (`crane`, `ko`, and the Go library `github.com/google/go-containerregistry`).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "crane",
    display: "crane (go-containerregistry)",
    aliases: &["go-containerregistry", "ggcr"],
    kind: TargetKind::Library,
    operations: &[Operation::Pull],
    versions: &[Version {
        id: "0.20",
        label: "go-containerregistry @3f4ff3c",
    }],
    sources: &["code: google/go-containerregistry @3f4ff3c pkg/v1"],
    behaviours: &[
        Behaviour {
            when: When::AnyError,
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Accept,
            message: "decoded: v1.ParseManifest, ParseIndexManifest and ParseConfigFile only decode JSON, with no required-field checks",
            source: "test: go-containerregistry pkg/v1/manifest_test.go @3f4ff3c TestParseManifest, TestParseIndexManifest; pkg/v1/config_test.go TestParseConfigFile (\"{}\" decodes)",
        },
        Behaviour {
            when: When::Rule("json-well-formed"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "unexpected EOF (encoding/json)",
            source: "test: go-containerregistry pkg/v1/manifest_test.go @3f4ff3c TestParseIndexManifest; pkg/v1/config_test.go TestParseConfigFile (\"{\" fails)",
        },
        Behaviour {
            when: When::Rule("json-utf8"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "invalid character (encoding/json)",
            source: "code: go-containerregistry pkg/v1/manifest.go ParseManifest uses encoding/json",
        },
        Behaviour {
            when: When::Rule("digest-grammar"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "cannot parse hash: \"<digest>\"",
            source: "code: go-containerregistry pkg/v1/hash.go Hash.UnmarshalText -> NewHash; test pkg/v1/hash_test.go TestBadHashes",
        },
        Behaviour {
            when: When::Rule("digest-sha256-hex"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "wrong number of hex digits for sha256: <hex>",
            source: "test: go-containerregistry pkg/v1/manifest_test.go @3f4ff3c TestManifestWithBadHash (\"sha256:deadbeed\"); pkg/v1/hash.go NewHash",
        },
    ],
};

//! regclient (`regctl`, and the Go library `github.com/regclient/regclient`).

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};

pub(super) static TARGET: Target = Target {
    name: "regclient",
    display: "regclient (regctl)",
    kind: TargetKind::Library,
    operations: &[Operation::Pull],
    versions: &[Version {
        id: "0.8",
        label: "regclient @725072f",
    }],
    sources: &["code: regclient/regclient @725072f types/manifest, types/descriptor"],
    behaviours: &[
        Behaviour {
            when: When::KindMismatch,
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "manifest contains an unexpected media type: expected <expected>, received <mediaType>",
            source: "test: regclient types/manifest/manifest_test.go TestNew @725072f \"Invalid OCI Index\", \"Invalid Media Type\"",
        },
        Behaviour {
            when: When::Rule("doc-ambiguous-manifest-with-manifests"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Accept,
            message: "read as the kind its mediaType (or the descriptor) names; the other kind's fields are ignored",
            source: "test: regclient types/manifest/manifest_test.go TestNew @725072f \"OCI 1 Manifest\" (a manifest that also has manifests)",
        },
        Behaviour {
            when: When::Rule("doc-ambiguous-index-with-config-or-layers"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Accept,
            message: "read as the kind its mediaType (or the descriptor) names; the other kind's fields are ignored",
            source: "test: regclient types/manifest/manifest_test.go TestNew @725072f \"OCI 1 Index\" (an index that also has config and layers)",
        },
        Behaviour {
            when: When::Rule("doc-ambiguous-without-media-type"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Accept,
            message: "read as the kind the descriptor names",
            source: "test: regclient types/manifest/manifest_test.go TestNew @725072f \"Ambiguous OCI Image\", \"Ambiguous OCI Index\"",
        },
        Behaviour {
            when: When::Rule("doc-docker-schema1"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Accept,
            message: "Docker schema 1 is still parsed (types/manifest docker1.go)",
            source: "test: regclient types/manifest/manifest_test.go TestNew @725072f \"Docker Schema 1 Signed\"",
        },
        Behaviour {
            when: When::Rule("desc-data-base64"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "illegal base64 data at input byte <n>",
            source: "test: regclient types/descriptor/descriptor_test.go TestGetDataJSON @725072f \"Bad Data\"",
        },
        Behaviour {
            when: When::Rule("desc-data-size-match"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "failed to parse: data length <n> != size <size>",
            source: "test: regclient types/descriptor/descriptor_test.go TestGetDataJSON @725072f \"Bad Size\", \"Bad Digest\"",
        },
        Behaviour {
            when: When::Rule("desc-data-digest-match"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "digest mismatch: expected <digest>, computed <digest>",
            source: "test: regclient types/descriptor/descriptor_test.go TestGetDataJSON @725072f \"Bad Digest\"",
        },
        Behaviour {
            when: When::Rule("json-well-formed"),
            operation: Operation::Pull,
            versions: &[],
            verdict: Verdict::Reject,
            message: "invalid character ... (encoding/json)",
            source: "code: regclient types/manifest manifest.go New unmarshals with encoding/json",
        },
    ],
};

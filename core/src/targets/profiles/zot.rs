//! zot, which validates OCI manifests against image-spec's JSON schemas and takes Docker
//! media types only in its `compat: ["docker2s2"]` mode.

use crate::targets::{Behaviour, Operation, Target, TargetKind, Verdict, Version, When};
use crate::Kind;

pub(super) static TARGET: Target = Target {
    name: "zot",
    display: "zot",
    aliases: &["zotregistry"],
    kind: TargetKind::Registry,
    operations: &[Operation::Push],
    versions: &[
        Version {
            id: "oci",
            label: "default configuration (OCI media types only; main @6d19b44)",
        },
        Version {
            id: "docker2s2",
            label: "with `http.compat: [\"docker2s2\"]` (Docker schema 2 types accepted)",
        },
    ],
    sources: &["code: project-zot/zot @6d19b44 pkg/storage/common/common.go, pkg/api/routes.go, pkg/compat/compat.go"],
    behaviours: &[
        Behaviour {
            when: When::Kind(Kind::DockerManifest),
            operation: Operation::Push,
            versions: &["oci"],
            verdict: Verdict::Reject,
            message: "MANIFEST_INVALID: manifest invalid; map[description:During upload, manifests undergo several checks ensuring validity. If those checks fail, this error MAY be returned, unless a more specific error is included. The detail will contain information the failed validation. mediaType:application/vnd.docker.distribution.manifest.v2+json]",
            source: "code: zot pkg/compat/compat.go; issue: project-zot/zot#2234, knative/func#2721 (compat R1, R3, §3.11)",
        },
        Behaviour {
            when: When::Kind(Kind::DockerManifestList),
            operation: Operation::Push,
            versions: &["oci"],
            verdict: Verdict::Reject,
            message: "MANIFEST_INVALID: manifest invalid; map[description:During upload, manifests undergo several checks ensuring validity. If those checks fail, this error MAY be returned, unless a more specific error is included. The detail will contain information the failed validation. mediaType:application/vnd.docker.distribution.manifest.list.v2+json]",
            source: "code: zot pkg/compat/compat.go; issue: project-zot/zot#2234, knative/func#2721 (compat R1, R3)",
        },
        Behaviour {
            when: When::Rule("docker-list-platform-required"),
            operation: Operation::Push,
            versions: &["docker2s2"],
            verdict: Verdict::Accept,
            message: "accepted: with docker2s2 compat a list entry's platform is not checked",
            source: "code: zot pkg/compat/compat.go (compat R1)",
        },
        Behaviour {
            when: When::Rule("index-child-media-type-portable"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: index children need only exist as blobs (a later GET /manifests/<digest> of a blob child fails)",
            source: "code: zot pkg/storage/common/common.go (compat R4, R16)",
        },
        Behaviour {
            when: When::Rule("media-type-rfc6838"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "MANIFEST_INVALID: manifest invalid (image-spec JSON schema: media type does not match ^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$)",
            source: "code: zot pkg/storage/common/common.go validates with image-spec schema/defs-descriptor.json (compat R5, R17)",
        },
        Behaviour {
            when: When::Rule("desc-artifact-type-syntax"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "MANIFEST_INVALID: manifest invalid (image-spec JSON schema: media type does not match ^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$)",
            source: "code: zot pkg/storage/common/common.go validates with image-spec schema/defs-descriptor.json (compat R17)",
        },
        Behaviour {
            when: When::Rule("manifest-layers-non-empty"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: zot tolerates empty `layers` although image-spec's schema asks for one",
            source: "code: zot pkg/storage/common/common.go (compat §1.4)",
        },
        Behaviour {
            when: When::Rule("push-manifest-size"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "413: manifest body exceeds maximum allowed size of 4194304 bytes",
            source: "code: zot pkg/api/routes.go, pkg/api/constants/consts.go MaxManifestBodySize (compat R10)",
        },
        Behaviour {
            when: When::Rule("push-content-type-no-parameters"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Reject,
            message: "415 Unsupported Media Type",
            source: "code: zot pkg/api/routes.go compares the Content-Type as a string (compat R18)",
        },
        Behaviour {
            when: When::Rule("desc-urls-registry-policy"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted: the existence check is skipped for OCI nondistributable layers",
            source: "code: zot pkg/storage/common/common.go (compat R12)",
        },
        Behaviour {
            when: When::Rule("json-no-duplicate-keys"),
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted silently: Go's encoding/json keeps the last value of a duplicated key",
            source: "code: zot parses with Go encoding/json (compat R15)",
        },
        Behaviour {
            when: When::Subject,
            operation: Operation::Push,
            versions: &[],
            verdict: Verdict::Accept,
            message: "accepted with OCI-Subject, and listed by the referrers API",
            source: "code: zot pkg/api/routes.go (compat R7)",
        },
    ],
};

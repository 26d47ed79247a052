//! Reading a report back from the JSON it was serialized to: the page checks in a worker,
//! whose report crosses to the page as a plain JS object, and the page reads it as core's own
//! [`Report`] instead of a copy of its shape.
//!
//! A report names rules and targets by their codes and names, which are `&'static str` in
//! core; reading one back finds them in the rule catalogue and the target profiles. A code,
//! rule text or target this build does not know is an error: the report was written by
//! another version of ocilint.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use crate::attachments::Attachment;
use crate::diagnostic::{Diagnostic, Fix, Related, Severity};
use crate::role::{Convention, Role};
use crate::targets::{self, Basis, Operation, TargetVerdict, Verdict};
use crate::text::TextRange;
use crate::{rules, Kind, Report};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReportWire {
    kind: Kind,
    // Reports of versions before roles and attachments lack them.
    #[serde(default = "other")]
    role: Role,
    #[serde(default)]
    convention: Option<Convention>,
    #[serde(default)]
    config_of: Option<Role>,
    #[serde(default)]
    attachments: Vec<Attachment>,
    media_type: Option<String>,
    digest: String,
    size: u64,
    diagnostics: Vec<Diagnostic>,
    targets: Vec<TargetVerdict>,
}

fn other() -> Role {
    Role::Other
}

impl<'de> Deserialize<'de> for Report {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = ReportWire::deserialize(deserializer)?;
        Ok(Report {
            kind: wire.kind,
            role: wire.role,
            convention: wire.convention,
            config_of: wire.config_of,
            attachments: wire.attachments,
            media_type: wire.media_type,
            digest: wire.digest,
            size: wire.size,
            diagnostics: wire.diagnostics,
            targets: wire.targets,
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DiagnosticWire {
    code: String,
    rule: String,
    severity: Severity,
    message: String,
    pointer: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    range: TextRange,
    utf16_range: TextRange,
    help: String,
    url: String,
    #[serde(default)]
    related: Vec<Related>,
    #[serde(default)]
    fix: Option<Box<Fix>>,
}

impl<'de> Deserialize<'de> for Diagnostic {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = DiagnosticWire::deserialize(deserializer)?;
        let meta = rule_meta::<D>(&wire.code)?;
        let same = |field: &str, ours: &'static str, theirs: &str| {
            if ours == theirs {
                Ok(ours)
            } else {
                Err(D::Error::custom(format!(
                    "the `{field}` of {} is not this version's",
                    meta.code
                )))
            }
        };
        Ok(Diagnostic {
            code: meta.code,
            rule: same("rule", meta.name, &wire.rule)?,
            severity: wire.severity,
            message: wire.message.into(),
            pointer: wire.pointer,
            line: wire.line,
            column: wire.column,
            end_line: wire.end_line,
            end_column: wire.end_column,
            range: wire.range,
            utf16_range: wire.utf16_range,
            help: same("help", meta.how_to_fix, &wire.help)?,
            url: same("url", meta.url, &wire.url)?,
            related: wire.related,
            fix: wire.fix,
        })
    }
}

#[derive(Deserialize)]
struct TargetVerdictWire {
    target: String,
    version: String,
    operation: Operation,
    verdict: Verdict,
    message: Option<String>,
    codes: Vec<String>,
    pointers: Vec<String>,
    source: String,
    // Absent from reports written before verdicts had them.
    #[serde(default = "report_basis")]
    basis: Basis,
    #[serde(default)]
    step: Option<String>,
    #[serde(default)]
    condition: Option<String>,
}

fn report_basis() -> Basis {
    Basis::Report
}

impl<'de> Deserialize<'de> for TargetVerdict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = TargetVerdictWire::deserialize(deserializer)?;
        let target = targets::by_name(&wire.target)
            .ok_or_else(|| D::Error::custom(format!("unknown target `{}`", wire.target)))?;
        let version = target
            .versions
            .iter()
            .find(|v| v.id == wire.version)
            .ok_or_else(|| {
                D::Error::custom(format!(
                    "`{}` has no version `{}`",
                    target.name, wire.version
                ))
            })?;
        Ok(TargetVerdict {
            target: target.name,
            version: version.id,
            operation: wire.operation,
            verdict: wire.verdict,
            message: wire.message,
            codes: wire
                .codes
                .iter()
                .map(|code| Ok(rule_meta::<D>(code)?.code))
                .collect::<Result<_, D::Error>>()?,
            pointers: wire.pointers,
            source: wire.source,
            basis: wire.basis,
            step: wire.step,
            condition: wire.condition,
        })
    }
}

/// The metadata only: reading a report back links no rule's check.
fn rule_meta<'de, D: Deserializer<'de>>(code: &str) -> Result<&'static rules::RuleMeta, D::Error> {
    rules::meta_by_code(code).ok_or_else(|| D::Error::custom(format!("unknown rule code `{code}`")))
}

#[cfg(test)]
mod tests {
    use crate::{check, CheckOptions, Report};

    /// Every field comes back as it went: diagnostics with related places and fixes, and
    /// verdicts with their causes.
    #[test]
    fn a_report_reads_back_as_it_was_written() {
        // A duplicate key (a related place), a Docker layer type in an OCI manifest (a fix)
        // and an uppercase digest (a verdict with causes).
        let damaged = br#"{"schemaVersion": 2, "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 2,
                "digest": "sha256:44136FA355B3678A1146AD16F7E8649E94FB4FC21FE77E8310C060F61CAAFF8A"},
            "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1,
                "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"}]}"#;
        let report = check(damaged, &CheckOptions::default());
        assert!(report.diagnostics.iter().any(|d| !d.related.is_empty()));
        assert!(report.diagnostics.iter().any(|d| d.fix.is_some()));
        assert!(report.targets.iter().any(|t| !t.codes.is_empty()));
        let json = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    /// A report's role, convention and attachments come back; one written before it had them
    /// reads as a document of no known role.
    #[test]
    fn roles_and_attachments_read_back() {
        let index = br#"{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:02cb9aa7600e73fcf41ee9f0f19cc03122b2d8be43d41ce4b21335118f5dd943", "size": 1234, "annotations": {"vnd.docker.reference.digest": "sha256:23678f31b3b3586c4fb318aecfe64a96a1f0916ba8faf9b2be2abee63fa9e827", "vnd.docker.reference.type": "attestation-manifest"}, "platform": {"architecture": "unknown", "os": "unknown"}}]}"#;
        let report = check(index, &CheckOptions::default());
        assert_eq!(report.attachments.len(), 1);
        let json = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);

        let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
        for field in ["role", "convention", "attachments"] {
            old.as_object_mut().unwrap().remove(field);
        }
        let back: Report = serde_json::from_value(old).unwrap();
        assert_eq!(back.role, crate::role::Role::Other);
        assert!(back.attachments.is_empty());
    }

    /// What names a config in a bundle (`configOf`) comes back, so the page's worker keeps it.
    #[test]
    fn what_names_a_config_reads_back() {
        let config = br#"{"architecture":"","created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":["sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"]},"config":{}}"#;
        let signature = format!(
            r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","size":{},"digest":"{}"}},"layers":[{{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":2,"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"}}]}}"#,
            config.len(),
            crate::digest::sha256(config)
        );
        let inputs = [
            crate::bundle::BundleInput {
                name: "signature.json",
                bytes: signature.as_bytes(),
            },
            crate::bundle::BundleInput {
                name: "config.json",
                bytes: config,
            },
        ];
        let report = crate::bundle::check_bundle(&inputs, &CheckOptions::default()).remove(1);
        assert_eq!(report.config_of, Some(crate::role::Role::Signature));
        let json = serde_json::to_string(&report).unwrap();
        assert!(json.contains(r#""configOf":"signature""#), "{json}");
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
    }

    /// A modelled verdict's basis, step and condition come back; a report written before
    /// verdicts had them reads as a behaviour table's.
    #[test]
    fn a_modelled_verdict_reads_back_with_its_step_and_condition() {
        let options = CheckOptions {
            content_type: Some("application/vnd.oci.image.manifest.v1+json".to_owned()),
            targets: crate::targets::parse_list("podman@4.3").unwrap(),
            ..Default::default()
        };
        let manifest = br#"{"schemaVersion": 2,
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 2,
                "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
            "layers": []}"#;
        let report = check(manifest, &options);
        let pull = &report.targets[0];
        assert_eq!(pull.basis, crate::targets::Basis::Model);
        assert!(pull.step.is_some() && pull.condition.is_some(), "{pull:?}");
        let json = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);

        let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
        for verdict in old["targets"].as_array_mut().unwrap() {
            let verdict = verdict.as_object_mut().unwrap();
            for field in ["basis", "step", "condition"] {
                verdict.remove(field);
            }
        }
        let back: Report = serde_json::from_value(old).unwrap();
        assert_eq!(back.targets[0].basis, crate::targets::Basis::Report);
        assert_eq!(back.targets[0].step, None);
    }

    #[test]
    fn a_code_this_version_does_not_know_is_an_error() {
        let report = check(br#"{"schemaVersion": 1}"#, &CheckOptions::default());
        let json = serde_json::to_string(&report).unwrap();
        let code = report.diagnostics[0].code;
        let renamed = json.replacen(&format!("\"{code}\""), "\"ZZZ999\"", 1);
        let error = serde_json::from_str::<Report>(&renamed).unwrap_err();
        assert!(error.to_string().contains("ZZZ999"), "{error}");
    }
}

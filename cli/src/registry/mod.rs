//! `docker://HOST[:PORT]/REPO:TAG|@DIGEST`: images read where they live, for `check` and
//! `verify`. The registry client lives here, in the CLI, so that core stays without I/O and
//! the page's wasm without a client.

pub(crate) mod auth;
mod client;
mod fetch;
mod network_verify;
mod reference;

use std::path::PathBuf;
use std::time::Duration;

use ocilint_core::bundle::{self, BundleInput, Holdings};
use ocilint_core::diagnostic::Diagnostic;
use ocilint_core::{CheckOptions, TextRange};

use crate::render::Checked;
pub(crate) use client::Connection;
pub(crate) use network_verify::{verify, Presence};
pub(crate) use reference::is_reference;

/// How to reach the registries of `docker://` references.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct RegistryArgs {
    /// Talk plain HTTP (no TLS) to the registries of docker:// references: a local registry.
    #[arg(long)]
    plain_http: bool,

    /// Trust the certificates in this PEM file, instead of the built-in roots, for the
    /// registries of docker:// references.
    #[arg(long, value_name = "PEM")]
    ca_file: Option<PathBuf>,

    /// Log in to the registry as this user; the password is read from standard input
    /// (`--password-stdin`). Without them, `$DOCKER_CONFIG/config.json` (or
    /// `~/.docker/config.json`) and its credential helpers are used, as docker does.
    #[arg(long, value_name = "USER", requires = "password_stdin")]
    username: Option<String>,

    /// Read the password for `--username` from the first line of standard input.
    #[arg(long, requires = "username")]
    password_stdin: bool,

    /// Give up on a registry that does not answer (or stalls mid-body) for this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    timeout: u64,
}

impl RegistryArgs {
    pub(crate) fn connection(&self) -> Result<Connection, String> {
        let credentials = match &self.username {
            Some(username) => Some(auth::Credentials::Password {
                username: username.clone(),
                password: auth::password_from_stdin()?,
            }),
            None => None,
        };
        Ok(Connection {
            plain_http: self.plain_http,
            ca_file: self.ca_file.clone(),
            credentials,
            timeout: Duration::from_secs(self.timeout),
        })
    }
}

/// What checking one reference gave: the reports of what could be read, and what could not.
#[derive(Debug)]
pub(crate) struct CheckedReference {
    pub(crate) checked: Vec<Checked>,
    /// Children and configs named but not served, with why.
    pub(crate) unread: Vec<String>,
}

/// Fetches the reference (an index's children of `platform`, when given, and the configs)
/// and checks everything served as one bundle, each manifest with the `Content-Type` it came
/// with, judged where the registry also holds the `held` blobs (`--blobs`). `Err` when the
/// reference's own manifest cannot be had.
pub(crate) fn check(
    given: &str,
    connection: &Connection,
    platform: Option<&str>,
    options: &CheckOptions,
    held: &Holdings<'_>,
) -> Result<CheckedReference, String> {
    let reference = reference::Reference::parse(given)?;
    let client = client::Client::new(reference, connection)?;
    let fetched = fetch::fetch(&client, given, platform, true)?;
    let documents = &fetched.documents;
    let inputs: Vec<BundleInput<'_>> = documents
        .iter()
        .map(|d| BundleInput {
            name: &d.name,
            bytes: &d.bytes,
        })
        .collect();
    let content_types: Vec<Option<&str>> = documents
        .iter()
        .map(|d| match options.content_type.as_deref() {
            // `--content-type` stands for the header of the reference's own manifest.
            Some(forced) if d.kind == fetch::DocumentKind::Manifest => Some(forced),
            _ => d.content_type.as_deref(),
        })
        .collect();
    let reports = bundle::check_bundle_served(&inputs, &content_types, held, options);
    let checked = documents
        .iter()
        .zip(reports)
        .map(|(document, mut report)| {
            for message in &document.disagreements {
                if let Some(diagnostic) = served_digest_diagnostic(message, options) {
                    report.diagnostics.insert(0, diagnostic);
                }
            }
            Checked {
                name: document.name.clone(),
                bytes: document.bytes.clone(),
                report,
            }
        })
        .collect();
    Ok(CheckedReference {
        checked,
        unread: fetched
            .unread
            .into_iter()
            .map(|u| {
                if u.why.starts_with(&u.name) {
                    u.why
                } else {
                    format!("{}: {}", u.name, u.why)
                }
            })
            .collect(),
    })
}

/// A disagreement between the digest asked for, `Docker-Content-Digest` and the bytes, as a
/// diagnostic of `image-blob-digest` (IMG004: a blob's bytes must have the digest that names
/// it; a manifest is a blob), on the whole document. `None` when the selection leaves the
/// rule out.
pub(super) fn served_digest_diagnostic(
    message: &str,
    options: &CheckOptions,
) -> Option<Diagnostic> {
    const CODE: &str = "IMG004";
    let meta = ocilint_core::rules::meta_by_code(CODE)?;
    if !options.rules.is_enabled(CODE) {
        return None;
    }
    Some(Diagnostic {
        code: meta.code,
        rule: meta.name,
        severity: options.rules.severity_of(CODE, meta.severity),
        message: message.into(),
        pointer: String::new(),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 2,
        range: TextRange::new(0, 1),
        utf16_range: TextRange::new(0, 1),
        help: meta.how_to_fix,
        url: meta.url,
        related: Vec::new(),
        fix: None,
    })
}

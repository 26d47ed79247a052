//! `declare_rule!`: a rule file states its metadata, docs and examples, and only what differs
//! from the defaults. The long texts and the examples are left out of builds without the
//! `docs` feature here, once, instead of in every file.

/// Declares the rule file's `pub(crate) static RULE: Rule`, and its `pub(crate) const META`.
///
/// ```ignore
/// declare_rule! {
///     code: "DSC003",
///     name: "desc-size-zero",
///     covers: ["desc-size-zero", "…"],        // catalogue ids it implements; default: `name`
///     severity: Warning,
///     fix: Sometimes(Unsafe),  // Never (the default), Sometimes or Always; the riskiest fix
///     since: "0.1.0",          // the ocilint version that introduced the rule
///     spec_versions: ["1.1.1", "main"],         // default: every version
///     summary: "…",
///     why: "…",
///     how_to_fix: "…",
///     url: "https://…",
///     examples: [
///         invalid(r#"{"schemaVersion": 2}"#),
///         valid(examples::OCI_IMAGE_MANIFEST),   // shared documents: `rules/examples.rs`
///         invalid(r#"{…}"#, content_type: "application/vnd.oci.image.index.v1+json"),
///         invalid(r#"{…}"#, pad_to: 4 * 1024 * 1024 + 1),
///         invalid(bytes: b"\xEF\xBB\xBF{}"),    // not UTF-8, or invisible characters
///     ],
///     check: Document(check),
/// }
/// ```
macro_rules! declare_rule {
    (
        code: $code:literal,
        name: $name:literal,
        $(covers: [$($covers:literal),+ $(,)?],)?
        severity: $severity:ident,
        $(fix: $availability:ident($applicability:ident),)?
        since: $since:literal,
        $(spec_versions: [$($spec_version:literal),+ $(,)?],)?
        summary: $summary:expr,
        why: $why:expr,
        how_to_fix: $how_to_fix:expr,
        url: $url:expr,
        examples: [$($valid:ident($($example:tt)+)),+ $(,)?],
        check: $check:ident($($check_arg:tt)+) $(,)?
    ) => {
        /// The rule's metadata apart from its check: what reading a report back looks up
        /// (`rules::meta_by_code`), which then links no rule's code.
        pub(crate) const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            code: $code,
            name: $name,
            covers: $crate::rules::declare_rule!(@or [$(&[$($covers),+])?] &[$name]),
            severity: $crate::diagnostic::Severity::$severity,
            fix: $crate::rules::declare_rule!(@or [$($crate::rules::RuleFix::$availability(
                $crate::diagnostic::FixSafety::$applicability))?] $crate::rules::RuleFix::Never),
            since: $since,
            spec_versions: $crate::rules::declare_rule!(@or
                [$($crate::rules::SpecVersions::Only(&[$($spec_version),+]))?]
                $crate::rules::SpecVersions::All),
            summary: $summary,
            #[cfg(feature = "docs")]
            why: $why,
            how_to_fix: $how_to_fix,
            url: $url,
            #[cfg(feature = "docs")]
            examples: &[$($crate::rules::declare_rule!(@example $valid $($example)+)),+],
        };
        pub(crate) static RULE: $crate::rules::Rule = $crate::rules::Rule {
            meta: META,
            check: $crate::rules::Check::$check($($check_arg)+),
        };
    };

    (@example $valid:ident bytes: $document:expr
        $(, content_type: $content_type:expr)? $(, pad_to: $pad_to:expr)?) => {
        $crate::rules::Example {
            valid: $crate::rules::declare_rule!(@valid $valid),
            content_type: $crate::rules::declare_rule!(@or [$(Some($content_type))?] None),
            document: $document,
            pad_to: $crate::rules::declare_rule!(@or [$($pad_to)?] 0),
        }
    };
    (@example $valid:ident $document:expr
        $(, content_type: $content_type:expr)? $(, pad_to: $pad_to:expr)?) => {
        $crate::rules::Example {
            valid: $crate::rules::declare_rule!(@valid $valid),
            content_type: $crate::rules::declare_rule!(@or [$(Some($content_type))?] None),
            document: str::as_bytes($document),
            pad_to: $crate::rules::declare_rule!(@or [$($pad_to)?] 0),
        }
    };

    (@valid valid) => { true };
    (@valid invalid) => { false };

    // The given value, else the default.
    (@or [$given:expr] $default:expr) => { $given };
    (@or [] $default:expr) => { $default };
}

pub(crate) use declare_rule;

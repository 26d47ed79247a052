//! Platform values (spec-rules §3): the GOOS and GOARCH values image-spec points at, the
//! OCI variant table, the os/architecture pairs Go supports, and the aliases containerd
//! normalizes.

/// Every GOOS Go knows (golang/go `src/internal/syslist/syslist.go` `KnownOS`), plus `wasip1`.
pub const KNOWN_OS: [&str; 19] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
    // BuildKit marks attestation manifests `unknown/unknown`.
    "unknown",
];

/// Every GOARCH Go knows (`syslist.go` `KnownArch`), plus BuildKit's `unknown`.
pub const KNOWN_ARCH: [&str; 25] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
    "unknown",
];

/// os/architecture pairs Go builds for (the install doc's table and `go tool dist list`).
pub const GO_PAIRS: [(&str, &str); 51] = [
    ("aix", "ppc64"),
    ("android", "386"),
    ("android", "amd64"),
    ("android", "arm"),
    ("android", "arm64"),
    ("darwin", "amd64"),
    ("darwin", "arm64"),
    ("dragonfly", "amd64"),
    ("freebsd", "386"),
    ("freebsd", "amd64"),
    ("freebsd", "arm"),
    ("freebsd", "arm64"),
    ("freebsd", "riscv64"),
    ("illumos", "amd64"),
    ("ios", "amd64"),
    ("ios", "arm64"),
    ("js", "wasm"),
    ("linux", "386"),
    ("linux", "amd64"),
    ("linux", "arm"),
    ("linux", "arm64"),
    ("linux", "loong64"),
    ("linux", "mips"),
    ("linux", "mipsle"),
    ("linux", "mips64"),
    ("linux", "mips64le"),
    ("linux", "ppc64"),
    ("linux", "ppc64le"),
    ("linux", "riscv64"),
    ("linux", "s390x"),
    ("linux", "sparc64"),
    ("netbsd", "386"),
    ("netbsd", "amd64"),
    ("netbsd", "arm"),
    ("netbsd", "arm64"),
    ("openbsd", "386"),
    ("openbsd", "amd64"),
    ("openbsd", "arm"),
    ("openbsd", "arm64"),
    ("openbsd", "mips64"),
    ("openbsd", "ppc64"),
    ("openbsd", "riscv64"),
    ("plan9", "386"),
    ("plan9", "amd64"),
    ("plan9", "arm"),
    ("solaris", "amd64"),
    ("wasip1", "wasm"),
    ("windows", "386"),
    ("windows", "amd64"),
    ("windows", "arm"),
    ("windows", "arm64"),
];

pub fn is_known_os(os: &str) -> bool {
    KNOWN_OS.contains(&os)
}

pub fn is_known_arch(architecture: &str) -> bool {
    KNOWN_ARCH.contains(&architecture)
}

pub fn is_go_pair(os: &str, architecture: &str) -> bool {
    GO_PAIRS.contains(&(os, architecture))
}

/// The OCI variant table (image-index.md § Platform Variants, v1.1.1): for an architecture,
/// the variants it lists. `arm64` lists `v8`, `v8.1`, … and `ppc64le` `power8`, `power9`, …:
/// [`is_table_variant`] accepts those families.
pub fn table_variants(architecture: &str) -> Option<&'static [&'static str]> {
    Some(match architecture {
        "arm" => &["v6", "v7", "v8"],
        "arm64" => &[
            "v8", "v8.1", "v8.2", "v8.3", "v8.4", "v8.5", "v8.6", "v8.7", "v8.8", "v8.9", "v9",
            "v9.0", "v9.1", "v9.2", "v9.3", "v9.4", "v9.5",
        ],
        "ppc64le" => &["power8", "power9", "power10"],
        "riscv64" => &["rva20u64", "rva22u64", "rva23u64"],
        "amd64" => &["v1", "v2", "v3", "v4"],
        _ => return None,
    })
}

/// Whether `variant` is in the OCI table for `architecture`.
pub fn is_table_variant(architecture: &str, variant: &str) -> bool {
    table_variants(architecture).is_some_and(|variants| variants.contains(&variant))
}

/// The normalized (os, architecture, variant) for a common alias, following containerd's
/// `normalizeOS`/`normalizeArch` plus Debian names; `None` when the value is already normal.
pub fn normalize(
    os: &str,
    architecture: &str,
    variant: Option<&str>,
) -> Option<(String, String, Option<String>)> {
    let lower_os = os.to_ascii_lowercase();
    let os_normal = match lower_os.as_str() {
        "macos" => "darwin".to_owned(),
        other => other.to_owned(),
    };
    let lower_arch = architecture.to_ascii_lowercase();
    let (arch_normal, variant_normal): (&str, Option<String>) = match (lower_arch.as_str(), variant)
    {
        ("i386", v) => ("386", v.map(str::to_owned)),
        ("x86_64" | "x86-64", Some("v1") | None) => ("amd64", None),
        ("x86_64" | "x86-64", v) => ("amd64", v.map(str::to_owned)),
        ("aarch64", Some("8" | "v8") | None) => ("arm64", None),
        ("aarch64", v) => ("arm64", v.map(str::to_owned)),
        ("armhf", _) => ("arm", Some("v7".into())),
        ("armel", _) => ("arm", Some("v6".into())),
        ("armv7l", _) => ("arm", Some("v7".into())),
        ("ppc64el", v) => ("ppc64le", v.map(str::to_owned)),
        ("arm", Some("5" | "6" | "7" | "8")) => ("arm", variant.map(|v| format!("v{v}"))),
        (arch, v) => (arch, v.map(str::to_owned)),
    };
    let normal = (os_normal, arch_normal.to_owned(), variant_normal);
    let unchanged = normal.0 == os && normal.1 == architecture && normal.2.as_deref() == variant;
    (!unchanged).then_some(normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert!(is_known_os("linux") && is_known_os("windows") && !is_known_os("Linux"));
        assert!(is_known_arch("amd64") && is_known_arch("riscv64") && !is_known_arch("x86_64"));
        assert!(is_go_pair("linux", "s390x") && !is_go_pair("windows", "s390x"));
        assert!(is_table_variant("arm", "v7") && !is_table_variant("arm", "v5"));
        assert!(is_table_variant("arm64", "v8") && !is_table_variant("arm64", "8"));
    }

    #[test]
    fn aliases_normalize_like_containerd() {
        assert_eq!(
            normalize("linux", "x86_64", None),
            Some(("linux".into(), "amd64".into(), None))
        );
        assert_eq!(
            normalize("linux", "aarch64", Some("v8")),
            Some(("linux".into(), "arm64".into(), None))
        );
        assert_eq!(
            normalize("linux", "armhf", None),
            Some(("linux".into(), "arm".into(), Some("v7".into())))
        );
        assert_eq!(
            normalize("Linux", "amd64", None),
            Some(("linux".into(), "amd64".into(), None))
        );
        assert_eq!(normalize("linux", "amd64", None), None);
        assert_eq!(normalize("linux", "arm", Some("v7")), None);
    }
}

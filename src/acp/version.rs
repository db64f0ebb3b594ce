//! `API-Version` negotiation.

use crate::error::AcpError;

/// The ACP versions kassa serves, newest first.
pub const SUPPORTED: &[&str] = &["2026-04-17"];

/// The version kassa targets.
pub const LATEST: &str = "2026-04-17";

/// Validates the `API-Version` header; returns the version to serve.
pub fn negotiate(header: Option<&str>) -> Result<&'static str, AcpError> {
    let Some(requested) = header.map(str::trim) else {
        return Err(version_error(
            "missing_api_version",
            format!("the API-Version header is required; send `API-Version: {LATEST}`"),
        ));
    };
    SUPPORTED
        .iter()
        .find(|v| **v == requested)
        .copied()
        .ok_or_else(|| {
            version_error(
                "unsupported_api_version",
                format!(
                    "API version `{requested}` is not supported; use one of: {}",
                    SUPPORTED.join(", ")
                ),
            )
        })
}

fn version_error(code: &str, message: String) -> AcpError {
    let mut error = AcpError::invalid(code, message);
    error.supported_versions = SUPPORTED.iter().map(|v| v.to_string()).collect();
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_version_passes() {
        assert_eq!(negotiate(Some("2026-04-17")).unwrap(), "2026-04-17");
    }

    #[test]
    fn missing_and_unknown_list_versions() {
        for header in [None, Some("1999-01-01")] {
            let error = negotiate(header).unwrap_err();
            assert_eq!(error.status.as_u16(), 400);
            assert_eq!(error.supported_versions, vec!["2026-04-17".to_string()]);
        }
    }
}

//! Bearer-token authentication of agents, compared in constant time.

use http::StatusCode;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::config::Agent;
use crate::error::AcpError;

/// The configured agents, with token digests precomputed.
pub struct Agents {
    entries: Vec<(String, [u8; 32])>,
}

impl Agents {
    pub fn new(agents: &[Agent]) -> Agents {
        let entries = agents
            .iter()
            .map(|agent| (agent.name.clone(), digest(&agent.token.0)))
            .collect();
        Agents { entries }
    }

    /// Returns the agent name for an `Authorization` header value.
    ///
    /// Tokens are compared as SHA-256 digests with a constant-time equality,
    /// and every configured agent is compared, so timing does not reveal
    /// which agent or how much of a token matched.
    pub fn authenticate(&self, authorization: Option<&str>) -> Result<String, AcpError> {
        let token = authorization
            .and_then(|value| {
                value
                    .strip_prefix("Bearer ")
                    .or_else(|| value.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                unauthorized("missing bearer token; send `Authorization: Bearer <token>`")
            })?;

        let presented = digest(token);
        let mut found = None;
        for (name, expected) in &self.entries {
            if bool::from(presented.ct_eq(expected)) {
                found = Some(name.clone());
            }
        }
        found.ok_or_else(|| {
            unauthorized("the bearer token is not valid; check the token configured for this agent")
        })
    }
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

fn unauthorized(message: &str) -> AcpError {
    AcpError::rejected(StatusCode::UNAUTHORIZED, "unauthorized", message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    fn agents() -> Agents {
        Agents::new(&[Agent {
            name: "demo".into(),
            token: Secret("token-1234567890abcdef".into()),
        }])
    }

    #[test]
    fn valid_token_names_agent() {
        assert_eq!(
            agents()
                .authenticate(Some("Bearer token-1234567890abcdef"))
                .unwrap(),
            "demo"
        );
    }

    #[test]
    fn wrong_or_missing_token_is_401() {
        for header in [
            None,
            Some("Bearer nope"),
            Some("Basic abc"),
            Some("Bearer "),
        ] {
            let error = agents().authenticate(header).unwrap_err();
            assert_eq!(error.status, StatusCode::UNAUTHORIZED);
            assert_eq!(error.code, "unauthorized");
        }
    }
}

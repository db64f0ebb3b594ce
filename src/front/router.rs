//! Routing: which requests kassa handles itself and which go to the shop.

use http::Method;

/// A checkout operation and the session id it targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operation {
    Create,
    Get(String),
    Update(String),
    Complete(String),
    Cancel(String),
}

impl Operation {
    /// Returns the route template, used as a metric label and in logs.
    pub fn template(&self) -> &'static str {
        match self {
            Operation::Create => "POST /checkout_sessions",
            Operation::Get(_) => "GET /checkout_sessions/{id}",
            Operation::Update(_) => "POST /checkout_sessions/{id}",
            Operation::Complete(_) => "POST /checkout_sessions/{id}/complete",
            Operation::Cancel(_) => "POST /checkout_sessions/{id}/cancel",
        }
    }

    /// Returns the session id, for every operation but create.
    pub fn session_id(&self) -> Option<&str> {
        match self {
            Operation::Create => None,
            Operation::Get(id)
            | Operation::Update(id)
            | Operation::Complete(id)
            | Operation::Cancel(id) => Some(id),
        }
    }

    pub fn is_post(&self) -> bool {
        !matches!(self, Operation::Get(_))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Checkout(Operation),
    Discovery,
    Health,
    Metrics,
    /// A kassa path with the wrong method; carries the allowed methods.
    MethodNotAllowed(&'static str),
    /// Anything else: proxied to the shop unchanged.
    PassThrough,
}

impl Route {
    pub fn template(&self) -> &'static str {
        match self {
            Route::Checkout(operation) => operation.template(),
            Route::Discovery => "GET /.well-known/acp.json",
            Route::Health => "GET /healthz",
            Route::Metrics => "GET /_kassa/metrics",
            Route::MethodNotAllowed(_) => "method_not_allowed",
            Route::PassThrough => "pass_through",
        }
    }
}

/// Classifies a request by method and path (without the query string).
pub fn classify(method: &Method, path: &str) -> Route {
    let is_get = method == Method::GET || method == Method::HEAD;
    match path {
        "/.well-known/acp.json" => {
            return if is_get {
                Route::Discovery
            } else {
                Route::MethodNotAllowed("GET, HEAD")
            }
        }
        "/healthz" => {
            return if is_get {
                Route::Health
            } else {
                Route::MethodNotAllowed("GET, HEAD")
            }
        }
        "/_kassa/metrics" => {
            return if is_get {
                Route::Metrics
            } else {
                Route::MethodNotAllowed("GET, HEAD")
            }
        }
        _ => {}
    }

    let Some(rest) = path.strip_prefix("/checkout_sessions") else {
        return Route::PassThrough;
    };
    let segments: Vec<&str> = rest.split('/').skip(1).collect();
    let post = method == Method::POST;
    let operation = match (segments.as_slice(), post) {
        ([], true) if rest.is_empty() => Operation::Create,
        ([], false) if rest.is_empty() => return Route::MethodNotAllowed("POST"),
        ([id], true) if !id.is_empty() => Operation::Update(id.to_string()),
        ([id], false) if !id.is_empty() && method == Method::GET => Operation::Get(id.to_string()),
        ([id], false) if !id.is_empty() => return Route::MethodNotAllowed("GET, POST"),
        ([id, "complete"], true) if !id.is_empty() => Operation::Complete(id.to_string()),
        ([id, "cancel"], true) if !id.is_empty() => Operation::Cancel(id.to_string()),
        ([id, "complete" | "cancel"], false) if !id.is_empty() => {
            return Route::MethodNotAllowed("POST")
        }
        _ if rest.is_empty() || rest.starts_with('/') => {
            return Route::Checkout(Operation::Get(String::new()))
        }
        _ => return Route::PassThrough,
    };
    Route::Checkout(operation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkout_routes() {
        assert_eq!(
            classify(&Method::POST, "/checkout_sessions"),
            Route::Checkout(Operation::Create)
        );
        assert_eq!(
            classify(&Method::GET, "/checkout_sessions/cs_1"),
            Route::Checkout(Operation::Get("cs_1".into()))
        );
        assert_eq!(
            classify(&Method::POST, "/checkout_sessions/cs_1"),
            Route::Checkout(Operation::Update("cs_1".into()))
        );
        assert_eq!(
            classify(&Method::POST, "/checkout_sessions/cs_1/complete"),
            Route::Checkout(Operation::Complete("cs_1".into()))
        );
        assert_eq!(
            classify(&Method::POST, "/checkout_sessions/cs_1/cancel"),
            Route::Checkout(Operation::Cancel("cs_1".into()))
        );
    }

    #[test]
    fn wrong_methods_are_405() {
        assert_eq!(
            classify(&Method::GET, "/checkout_sessions"),
            Route::MethodNotAllowed("POST")
        );
        assert_eq!(
            classify(&Method::DELETE, "/checkout_sessions/cs_1"),
            Route::MethodNotAllowed("GET, POST")
        );
        assert_eq!(
            classify(&Method::GET, "/checkout_sessions/cs_1/complete"),
            Route::MethodNotAllowed("POST")
        );
    }

    #[test]
    fn other_paths_pass_through() {
        assert_eq!(classify(&Method::GET, "/api/products/"), Route::PassThrough);
        assert_eq!(
            classify(&Method::GET, "/checkout_sessionsX"),
            Route::PassThrough
        );
        assert_eq!(classify(&Method::GET, "/"), Route::PassThrough);
    }

    #[test]
    fn unknown_checkout_subpaths_are_not_proxied() {
        assert_eq!(
            classify(&Method::GET, "/checkout_sessions/cs_1/x/y"),
            Route::Checkout(Operation::Get(String::new()))
        );
    }
}

//! Prometheus metrics, all defined here. Labels are route templates,
//! operations and status classes, never raw paths or item ids.

use std::sync::LazyLock;
use std::time::Duration;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};

struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    request_seconds: HistogramVec,
    shop_requests: IntCounterVec,
    shop_seconds: HistogramVec,
    cache: IntCounterVec,
    replays: IntCounterVec,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(build);

fn build() -> Metrics {
    let registry =
        Registry::new_custom(Some("kassa".to_string()), None).expect("valid registry prefix");
    let requests = IntCounterVec::new(
        Opts::new(
            "acp_requests_total",
            "ACP requests answered, by route template and status",
        ),
        &["route", "status"],
    )
    .expect("valid metric");
    let request_seconds = HistogramVec::new(
        HistogramOpts::new(
            "acp_request_duration_seconds",
            "Time to answer an ACP request, by route template",
        ),
        &["route"],
    )
    .expect("valid metric");
    let shop_requests = IntCounterVec::new(
        Opts::new(
            "shop_requests_total",
            "Requests kassa sent to the shop, by operation, step and result",
        ),
        &["operation", "step", "result"],
    )
    .expect("valid metric");
    let shop_seconds = HistogramVec::new(
        HistogramOpts::new(
            "shop_request_duration_seconds",
            "Duration of shop requests, by operation and step",
        ),
        &["operation", "step"],
    )
    .expect("valid metric");
    let cache = IntCounterVec::new(
        Opts::new(
            "product_cache_total",
            "Product reads, by cache result (hit or miss)",
        ),
        &["result"],
    )
    .expect("valid metric");
    let replays = IntCounterVec::new(
        Opts::new("idempotency_total", "Idempotency decisions, by result"),
        &["result"],
    )
    .expect("valid metric");

    for collector in [
        &requests as &dyn Registrable,
        &request_seconds,
        &shop_requests,
        &shop_seconds,
        &cache,
        &replays,
    ] {
        collector.register_in(&registry);
    }
    Metrics {
        registry,
        requests,
        request_seconds,
        shop_requests,
        shop_seconds,
        cache,
        replays,
    }
}

trait Registrable {
    fn register_in(&self, registry: &Registry);
}

impl<T: prometheus::core::Collector + Clone + 'static> Registrable for T {
    fn register_in(&self, registry: &Registry) {
        registry
            .register(Box::new(self.clone()))
            .expect("metric names are unique");
    }
}

/// Counts one ACP request and its duration.
pub fn record_request(route: &str, status: u16, elapsed: Duration) {
    METRICS
        .requests
        .with_label_values(&[route, &status.to_string()])
        .inc();
    METRICS
        .request_seconds
        .with_label_values(&[route])
        .observe(elapsed.as_secs_f64());
}

/// Counts one shop request and its duration.
pub fn record_shop_call(operation: &str, step: &str, result: &str, elapsed: Duration) {
    METRICS
        .shop_requests
        .with_label_values(&[operation, step, result])
        .inc();
    METRICS
        .shop_seconds
        .with_label_values(&[operation, step])
        .observe(elapsed.as_secs_f64());
}

/// Counts a product cache hit or miss.
pub fn record_cache(hit: bool) {
    METRICS
        .cache
        .with_label_values(&[if hit { "hit" } else { "miss" }])
        .inc();
}

/// Counts an idempotency decision: `new`, `replayed`, `conflict` or `in_flight`.
pub fn record_idempotency(result: &str) {
    METRICS.replays.with_label_values(&[result]).inc();
}

/// Renders all metrics in the Prometheus text format.
pub fn render() -> String {
    let mut buffer = Vec::new();
    let families = METRICS.registry.gather();
    if TextEncoder::new().encode(&families, &mut buffer).is_err() {
        return String::new();
    }
    String::from_utf8(buffer).unwrap_or_default()
}

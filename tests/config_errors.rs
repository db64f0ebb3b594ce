//! `kassa check` on broken config and mapping files: the real binary must
//! exit non-zero and name the file, line and key of each problem with a
//! valid example, and report every problem of both files in one run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Returns the repository root.
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Which of the two files a case edits.
#[derive(Clone, Copy, Debug)]
enum File {
    Config,
    Mapping,
}

/// Copies of the shipped `config.toml` and `mappings/woocommerce.toml` in a
/// temp dir, laid out as in the repository so the relative mapping path holds.
struct Workspace {
    _dir: tempfile::TempDir,
    config: PathBuf,
    mapping: PathBuf,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let mapping = dir.path().join("mappings/woocommerce.toml");
        std::fs::create_dir_all(mapping.parent().unwrap()).unwrap();
        std::fs::copy(repo().join("config.toml"), &config).unwrap();
        std::fs::copy(repo().join("mappings/woocommerce.toml"), &mapping).unwrap();
        Workspace {
            _dir: dir,
            config,
            mapping,
        }
    }

    fn path(&self, file: File) -> &Path {
        match file {
            File::Config => &self.config,
            File::Mapping => &self.mapping,
        }
    }

    /// Replaces the one occurrence of `from` in `file` with `to`.
    fn replace(&self, file: File, from: &str, to: &str) {
        let path = self.path(file);
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            text.matches(from).count(),
            1,
            "test setup: `{from}` should occur once in {}",
            path.display()
        );
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// Deletes `file` from the line starting with `start` up to, not including,
    /// the line starting with `end` (or to the end of the file).
    fn cut(&self, file: File, start: &str, end: Option<&str>) {
        let path = self.path(file);
        let text = std::fs::read_to_string(path).unwrap();
        let from = text
            .find(start)
            .unwrap_or_else(|| panic!("test setup: no `{start}` in {}", path.display()));
        let to = end.map_or(text.len(), |end| {
            from + text[from..]
                .find(end)
                .unwrap_or_else(|| panic!("test setup: no `{end}` after `{start}`"))
        });
        std::fs::write(path, format!("{}{}", &text[..from], &text[to..])).unwrap();
    }

    /// Returns the 1-based number of the first line of `file` that starts with `prefix`.
    fn line_of(&self, file: File, prefix: &str) -> usize {
        let path = self.path(file);
        let text = std::fs::read_to_string(path).unwrap();
        let index = text
            .lines()
            .position(|line| line.starts_with(prefix))
            .unwrap_or_else(|| {
                panic!(
                    "test setup: no line starting with `{prefix}` in {}",
                    path.display()
                )
            });
        index + 1
    }

    fn check(&self) -> Output {
        kassa_check(&self.config)
    }
}

/// Runs `kassa check --config CONFIG` and returns its output.
fn kassa_check(config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kassa"))
        .args(["check", "--config", config.to_str().unwrap()])
        .env("KASSA_LOG", "warn")
        .output()
        .expect("run kassa check")
}

/// One problem as `kassa check` prints it: `FILE:LINE: \`KEY\`: MESSAGE`,
/// then optionally `    example: EXAMPLE`.
#[derive(Debug)]
struct Reported {
    file: String,
    line: usize,
    key: String,
    message: String,
    example: Option<String>,
}

/// Splits stderr into problems. A problem starts at a line that begins with
/// one of `files` and runs until the next such line.
fn parse_problems(stderr: &str, files: &[&Path]) -> Vec<Reported> {
    let prefixes: Vec<String> = files.iter().map(|f| format!("{}:", f.display())).collect();
    let mut blocks: Vec<(String, String)> = Vec::new();
    for line in stderr.lines() {
        match prefixes
            .iter()
            .find(|prefix| line.starts_with(prefix.as_str()))
        {
            Some(prefix) => blocks.push((
                prefix.trim_end_matches(':').to_string(),
                line[prefix.len()..].to_string(),
            )),
            None => {
                if let Some((_, text)) = blocks.last_mut() {
                    text.push('\n');
                    text.push_str(line);
                }
            }
        }
    }

    blocks
        .into_iter()
        .map(|(file, text)| {
            let (head, example) = match text.split_once("\n    example: ") {
                Some((head, example)) => (head.to_string(), Some(example.to_string())),
                None => (text.clone(), None),
            };
            let (line, rest) = head
                .split_once(": `")
                .unwrap_or_else(|| panic!("problem without `LINE: `KEY``: {head}"));
            let (key, message) = rest
                .split_once("`: ")
                .unwrap_or_else(|| panic!("problem without a key and message: {head}"));
            Reported {
                file,
                line: line
                    .parse()
                    .unwrap_or_else(|_| panic!("problem line is not a number: {head}")),
                key: key.to_string(),
                message: message.to_string(),
                example,
            }
        })
        .collect()
}

/// Runs `kassa check`, asserts it failed, and returns the problems it printed.
fn failed_check(workspace: &Workspace, case: &str) -> (Vec<Reported>, String) {
    let output = workspace.check();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !output.status.success(),
        "{case}: kassa check should fail; stderr:\n{stderr}"
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{case}: kassa check exits with 1 on problems; stderr:\n{stderr}"
    );
    let problems = parse_problems(&stderr, &[&workspace.config, &workspace.mapping]);
    assert!(
        !problems.is_empty(),
        "{case}: stderr names no problem as FILE:LINE: `KEY`:\n{stderr}"
    );
    (problems, stderr)
}

/// Finds the problem reported for `key` in `file`, and panics with all of
/// stderr when there is none.
fn find<'a>(problems: &'a [Reported], stderr: &str, file: &Path, key: &str) -> &'a Reported {
    let file = file.display().to_string();
    problems
        .iter()
        .find(|p| p.file == file && p.key == key)
        .unwrap_or_else(|| panic!("no problem for `{key}` in {file}; stderr:\n{stderr}"))
}

/// Returns true when `example` parses as TOML.
fn is_toml(example: &str) -> bool {
    example.parse::<toml::Table>().is_ok()
}

/// A one-problem edit and what `kassa check` should print for it.
struct Case {
    name: &'static str,
    file: File,
    from: &'static str,
    to: &'static str,
    /// The reported line is the first line that starts with this, after the edit.
    line_start: &'static str,
    key: &'static str,
    /// Text the example must contain.
    example: &'static str,
    /// Problems the edit causes, follow-on problems included.
    count: usize,
}

const CASES: &[Case] = &[
    Case {
        name: "bad duration",
        file: File::Config,
        from: "ttl = \"30s\"",
        to: "ttl = \"30 parsecs\"",
        line_start: "ttl = ",
        key: "cache.ttl",
        example: "ttl = \"30s\"",
        count: 1,
    },
    Case {
        name: "unknown key",
        file: File::Config,
        from: "threads = 2\n",
        to: "threads = 2\ncolour = \"red\"\n",
        line_start: "colour = ",
        key: "server.colour",
        example: " = ",
        count: 1,
    },
    Case {
        name: "misspelt key",
        file: File::Config,
        from: "max_body_bytes = 65536",
        to: "max_body_byte = 65536",
        line_start: "max_body_byte = ",
        key: "server.max_body_byte",
        example: "max_body_bytes = 65536",
        count: 1,
    },
    Case {
        name: "wrong type",
        file: File::Config,
        from: "threads = 2",
        to: "threads = \"two\"",
        line_start: "threads = ",
        key: "server.threads",
        example: "threads = 2",
        count: 1,
    },
    Case {
        name: "bad currency",
        file: File::Config,
        from: "currency = \"usd\"",
        to: "currency = \"dollars\"",
        line_start: "currency = \"dollars\"",
        key: "checkout.currency",
        example: "currency = \"usd\"",
        count: 1,
    },
    Case {
        name: "short idempotency ttl",
        file: File::Config,
        from: "idempotency_ttl = \"24h\"",
        to: "idempotency_ttl = \"1h\"",
        line_start: "idempotency_ttl = ",
        key: "store.idempotency_ttl",
        example: "idempotency_ttl = \"24h\"",
        count: 1,
    },
    Case {
        name: "missing base_url",
        file: File::Config,
        from: "base_url = \"http://127.0.0.1:8081\"\n",
        to: "",
        line_start: "[shop]",
        key: "shop.base_url",
        example: "base_url = \"http://",
        count: 1,
    },
    Case {
        name: "short agent token",
        file: File::Config,
        from: "token = \"kassa-demo-token-0123456789\"",
        to: "token = \"short\"",
        line_start: "token = ",
        key: "agents[0].token",
        example: "token_env = ",
        count: 1,
    },
    Case {
        name: "bad listen address",
        file: File::Config,
        from: "listen = \"127.0.0.1:8080\"",
        to: "listen = \"localhost\"",
        line_start: "listen = ",
        key: "server.listen",
        example: "listen = \"127.0.0.1:8080\"",
        count: 1,
    },
    Case {
        name: "undefined shop var",
        file: File::Config,
        from: "currency = \"USD\"",
        to: "currency_code = \"USD\"",
        line_start: "currency = { format",
        key: "shop.vars.currency",
        example: "currency = ",
        count: 1,
    },
    Case {
        name: "bad result JSONPath",
        file: File::Mapping,
        from: "title = \"$.steps.read.name\"",
        to: "title = \"$.steps[read\"",
        line_start: "title = ",
        key: "operations.product.result.title",
        example: "title = ",
        count: 1,
    },
    Case {
        name: "misspelt result field",
        file: File::Mapping,
        from: "sku = \"$.steps.read.sku\"",
        to: "skus = \"$.steps.read.sku\"",
        line_start: "skus = ",
        key: "operations.product.result.skus",
        example: "sku = \"$.steps.read.sku\"",
        count: 1,
    },
    Case {
        name: "bad capture JSONPath",
        file: File::Mapping,
        from: "order_id = \"$.id\"",
        to: "order_id = \"$.[\"",
        line_start: "capture = ",
        key: "operations.order_create.steps[0].capture.order_id",
        example: "capture = ",
        count: 1,
    },
    Case {
        name: "undefined capture",
        file: File::Mapping,
        from: "{captures.order_key}",
        to: "{captures.order_token}",
        line_start: "permalink_url = ",
        key: "operations.order_create.result.permalink_url.format",
        example: "{captures.order_",
        count: 1,
    },
    Case {
        name: "bad outcome",
        file: File::Mapping,
        from: "outcome = \"not_found\"",
        to: "outcome = \"gone\"",
        line_start: "outcome = \"gone\"",
        key: "operations.product.steps[0].fail[0].outcome",
        example: "outcome = \"not_found\"",
        count: 1,
    },
    Case {
        name: "bad method",
        file: File::Mapping,
        from: "method = \"GET\"",
        to: "method = \"FETCH\"",
        line_start: "method = ",
        key: "operations.product.steps[0].method",
        example: "method = \"GET\"",
        count: 1,
    },
    Case {
        name: "unknown step key",
        file: File::Mapping,
        from: "name = \"read\"\n",
        to: "name = \"read\"\ncolour = \"red\"\n",
        line_start: "colour = ",
        key: "operations.product.steps[0].colour",
        example: " = ",
        count: 1,
    },
];

#[test]
fn each_problem_names_file_line_key() {
    for case in CASES {
        let workspace = Workspace::new();
        workspace.replace(case.file, case.from, case.to);
        let problem_file = match case.name {
            "undefined shop var" => File::Mapping,
            _ => case.file,
        };
        let line = workspace.line_of(problem_file, case.line_start);

        let (problems, stderr) = failed_check(&workspace, case.name);
        let problem = find(&problems, &stderr, workspace.path(problem_file), case.key);
        assert_eq!(
            problem.line, line,
            "{}: the problem should point at line {line}; stderr:\n{stderr}",
            case.name
        );
        assert!(
            !problem.message.trim().is_empty(),
            "{}: the problem has no message",
            case.name
        );
        let example = problem.example.as_deref().unwrap_or_else(|| {
            panic!(
                "{}: the problem has no example; stderr:\n{stderr}",
                case.name
            )
        });
        assert!(
            example.contains(case.example),
            "{}: the example should contain `{}`, found `{example}`",
            case.name,
            case.example
        );
        if !example.starts_with('{') {
            assert!(
                is_toml(example),
                "{}: the example is not valid TOML: `{example}`",
                case.name
            );
        }
        assert_eq!(
            problems.len(),
            case.count,
            "{}: wrong number of problems; stderr:\n{stderr}",
            case.name
        );
    }
}

#[test]
fn missing_operation_is_reported() {
    let workspace = Workspace::new();
    workspace.cut(
        File::Mapping,
        "# ---------------------------------------------------------------- order",
        None,
    );
    let (problems, stderr) = failed_check(&workspace, "no order_create");

    let problem = find(
        &problems,
        &stderr,
        &workspace.mapping,
        "operations.order_create",
    );
    let line = workspace.line_of(File::Mapping, "[operations.product]");
    assert_eq!(
        problem.line, line,
        "the problem points at the operations table; stderr:\n{stderr}"
    );
    let example = problem.example.as_deref().unwrap_or_default();
    assert!(
        example.contains("[operations.order_create]"),
        "the example shows the missing table, found `{example}`"
    );
}

#[test]
fn all_problems_in_one_run() {
    let workspace = Workspace::new();
    workspace.replace(File::Config, "ttl = \"30s\"", "ttl = \"30 parsecs\"");
    workspace.replace(
        File::Config,
        "threads = 2\n",
        "threads = 2\ncolour = \"red\"\n",
    );
    workspace.cut(
        File::Mapping,
        "# ---------------------------------------------------------------- product",
        Some("# ---------------------------------------------------------------- order"),
    );
    workspace.replace(
        File::Mapping,
        "order_number = \"$.steps.create.number\"",
        "order_number = \"$.steps[create\"",
    );
    workspace.replace(
        File::Mapping,
        "{captures.order_key}",
        "{captures.order_token}",
    );

    let expected = [
        (
            &workspace.config,
            "cache.ttl",
            workspace.line_of(File::Config, "ttl = "),
        ),
        (
            &workspace.config,
            "server.colour",
            workspace.line_of(File::Config, "colour = "),
        ),
        (
            &workspace.mapping,
            "operations.product",
            workspace.line_of(File::Mapping, "[operations.order_create]"),
        ),
        (
            &workspace.mapping,
            "operations.order_create.result.order_number",
            workspace.line_of(File::Mapping, "order_number = "),
        ),
        (
            &workspace.mapping,
            "operations.order_create.result.permalink_url.format",
            workspace.line_of(File::Mapping, "permalink_url = "),
        ),
    ];
    let (problems, stderr) = failed_check(&workspace, "five problems");
    for (file, key, line) in expected {
        let problem = find(&problems, &stderr, file, key);
        assert_eq!(
            problem.line, line,
            "`{key}` should point at line {line}; stderr:\n{stderr}"
        );
        assert!(
            problem.example.is_some(),
            "`{key}` has no example; stderr:\n{stderr}"
        );
    }
    assert_eq!(
        problems.len(),
        expected.len(),
        "exactly the five problems are reported; stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("5 problem(s)"),
        "the summary counts all five problems; stderr:\n{stderr}"
    );
}

#[test]
fn syntax_error_names_line() {
    let workspace = Workspace::new();
    workspace.replace(File::Config, "threads = 2", "threads = = 2");
    let (problems, stderr) = failed_check(&workspace, "TOML syntax error");
    let problem = find(&problems, &stderr, &workspace.config, "(syntax)");
    assert_eq!(
        problem.line,
        workspace.line_of(File::Config, "threads = "),
        "the syntax error points at its line; stderr:\n{stderr}"
    );
}

#[test]
fn missing_mapping_file_is_named() {
    let workspace = Workspace::new();
    workspace.replace(
        File::Config,
        "mapping = \"mappings/woocommerce.toml\"",
        "mapping = \"mappings/no-such-shop.toml\"",
    );
    let output = workspace.check();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "a missing mapping file fails the check; stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("no-such-shop.toml"),
        "stderr names the missing mapping file:\n{stderr}"
    );
    let line = workspace.line_of(File::Config, "mapping = ");
    assert!(
        stderr.contains(&format!("config.toml:{line}: `shop.mapping`")),
        "the problem points at the `mapping` key of the config; stderr:\n{stderr}"
    );
}

#[test]
fn missing_config_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("absent.toml");
    let output = kassa_check(&config);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "a missing config file fails the check; stderr:\n{stderr}"
    );
    assert!(
        stderr.contains(&config.display().to_string()),
        "stderr names the missing config file:\n{stderr}"
    );
}

#[test]
fn shipped_config_passes() {
    let output = kassa_check(&repo().join("config.toml"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "kassa check on the shipped config should pass; stderr:\n{stderr}"
    );
    assert!(
        stdout.contains("is valid"),
        "kassa check says the config is valid; stdout:\n{stdout}"
    );
    assert!(
        stdout.contains("WooCommerce"),
        "kassa check names the mapping; stdout:\n{stdout}"
    );
}

#[test]
fn unedited_copies_pass() {
    let workspace = Workspace::new();
    let output = workspace.check();
    assert!(
        output.status.success(),
        "the copied files should pass before any edit; stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

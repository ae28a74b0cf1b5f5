use std::io::Write;

use secrecy::ExposeSecret;

use super::*;

fn env(vars: &[(&str, &str)]) -> Vec<(String, String)> {
    vars.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn yaml(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(text.as_bytes()).expect("write");
    file
}

fn load(
    file: Option<&tempfile::NamedTempFile>,
    vars: &[(&str, &str)],
) -> Result<Settings, ConfigError> {
    load_with(file, vars, Overrides::default())
}

fn load_with(
    file: Option<&tempfile::NamedTempFile>,
    vars: &[(&str, &str)],
    flags: Overrides,
) -> Result<Settings, ConfigError> {
    Settings::load(&Sources {
        file: file.map(|f| f.path().to_path_buf()),
        environment: env(vars),
        flags,
    })
}

/// The message as `main` prints it: the error and its causes.
fn error(result: Result<Settings, ConfigError>) -> String {
    match result {
        Ok(s) => panic!("expected an error, got {s:?}"),
        Err(e) => format!("{:#}", anyhow::Error::from(e)),
    }
}

#[test]
fn nothing_given_is_the_defaults() {
    let s = load(None, &[]).expect("loads");
    assert_eq!(s.bind, DEFAULT_BIND);
    assert_eq!(s.database_url, DEFAULT_DATABASE_URL);
    assert_eq!(s.engine.lambda, DEFAULT_EASE_LAMBDA);
    assert_eq!(s.personalize.timeout_ms, 250);
    assert_eq!(
        s.amplitude.attempts, 5,
        "internal settings keep their defaults"
    );
    assert!(s.validate().is_ok());
}

#[test]
fn each_layer_overrides_the_one_before() {
    let file = yaml("bind: 0.0.0.0:1\nworkers: 3\ndatabase_url: sqlite://file.db\n");
    let s = load(Some(&file), &[]).expect("loads");
    assert_eq!(
        (s.bind.as_str(), s.workers, s.database_url.as_str()),
        ("0.0.0.0:1", Some(3), "sqlite://file.db")
    );

    let vars = [
        ("STOREFRONT_BIND", "0.0.0.0:2"),
        ("STOREFRONT_WORKERS", "4"),
    ];
    let s = load(Some(&file), &vars).expect("loads");
    assert_eq!((s.bind.as_str(), s.workers), ("0.0.0.0:2", Some(4)));
    assert_eq!(
        s.database_url, "sqlite://file.db",
        "the file's other keys stay"
    );

    let mut flags = Overrides::default();
    flags.set("bind", Some("0.0.0.0:3"));
    let s = load_with(Some(&file), &vars, flags).expect("loads");
    assert_eq!((s.bind.as_str(), s.workers), ("0.0.0.0:3", Some(4)));
}

#[test]
fn sections_and_maps_merge_key_by_key_in_every_layer() {
    let file = yaml(
        "personalize:\n  region: eu-west-1\n  filter_values:\n    A: '1'\n  context:\n    DEVICE: web\n\
         tracker:\n  batch_size: 7\n",
    );
    let vars = [
        ("STOREFRONT_PERSONALIZE__TIMEOUT_MS", "99"),
        ("STOREFRONT_PERSONALIZE__FILTER_VALUES", "B=2, C = 3"),
        ("STOREFRONT_TRACKER__FLUSH_INTERVAL_MS", "5"),
    ];
    let mut flags = Overrides::default();
    flags.set(
        "personalize.context",
        Some(serde_json::json!({"LOCATION": "home"})),
    );
    let s = load_with(Some(&file), &vars, flags).expect("loads");
    let p = &s.personalize;
    assert_eq!(p.region.as_deref(), Some("eu-west-1"));
    assert_eq!(p.timeout_ms, 99);
    assert_eq!(
        p.filter_values
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>(),
        ["A=1", "B=2", "C=3"]
    );
    assert_eq!(p.context.len(), 2);
    assert_eq!((s.tracker.batch_size, s.tracker.flush_interval_ms), (7, 5));
    assert_eq!(
        s.tracker.queue_capacity, 50_000,
        "defaults stay under a section"
    );
}

#[test]
fn variables_are_read_as_the_type_of_their_setting() {
    let key = "k".repeat(64);
    let vars = [
        ("STOREFRONT_SECURE_COOKIES", "true"),
        ("STOREFRONT_ENGINE__LAMBDA", "12.5"),
        ("STOREFRONT_ENGINE__RECOMMENDER", "baseline"),
        ("STOREFRONT_ENGINE__HISTORY_DAYS", "30"),
        ("STOREFRONT_PERSONALIZE__TRACKING_ID", "12345"),
        ("STOREFRONT_AMPLITUDE__REGION", "eu"),
        ("STOREFRONT_SESSION_KEY", key.as_str()),
        ("STOREFRONT_CATALOG_DIR", "/data/catalog"),
    ];
    let s = load(None, &vars).expect("loads");
    assert!(s.secure_cookies);
    assert_eq!(s.engine.lambda, 12.5);
    assert_eq!(s.engine.recommender, RecommenderKind::Baseline);
    assert_eq!(s.engine.history_days, 30);
    assert_eq!(s.personalize.tracking_id.as_deref(), Some("12345"));
    assert_eq!(s.amplitude.region, AmplitudeRegion::Eu);
    assert_eq!(
        s.session_key
            .as_ref()
            .map(|k| k.expose_secret().to_string()),
        Some(key.clone())
    );
    assert_eq!(s.catalog_dir, Some(PathBuf::from("/data/catalog")));
}

#[test]
fn a_number_in_the_file_is_text_where_the_setting_is_text() {
    let file = yaml("personalize:\n  tracking_id: 12345\n  context:\n    AGE: 30\n");
    let s = load(Some(&file), &[]).expect("loads");
    assert_eq!(s.personalize.tracking_id.as_deref(), Some("12345"));
    assert_eq!(s.personalize.context["AGE"], "30");
}

#[test]
fn test_variables_the_file_variable_and_empty_variables_are_not_settings() {
    let vars = [
        ("STOREFRONT_TEST_DATABASE_URL", "postgres://x"),
        ("STOREFRONT_CONFIG", "storefront.yaml"),
        ("STOREFRONT_WORKERS", ""),
        ("PATH", "/bin"),
    ];
    let s = load(None, &vars).expect("loads");
    assert_eq!(s.workers, None);
}

#[test]
fn an_unknown_key_in_the_file_is_an_error_that_names_it_and_the_nearest_setting() {
    let file = yaml("personalize:\n  regoin: eu-west-1\n");
    let message = error(load(Some(&file), &[]));
    assert!(
        message.contains("unknown setting `personalize.regoin`"),
        "{message}"
    );
    assert!(
        message.contains(&file.path().display().to_string()),
        "{message}"
    );
    assert!(
        message.contains("did you mean `personalize.region`?"),
        "{message}"
    );

    // The flat keys of before: each names its new place.
    for (old, new) in [
        (
            "personalize_recommendations_arn: x",
            "personalize.recommendations_arn",
        ),
        ("recommender: baseline", "engine.recommender"),
        ("ease_lambda: 3", "engine.lambda"),
        ("tracker_batch_size: 3", "tracker.batch_size"),
    ] {
        let message = error(load(Some(&yaml(old)), &[]));
        assert!(
            message.contains(&format!("did you mean `{new}`?")),
            "{message}"
        );
    }
    let message = error(load(Some(&yaml("amplitude:\n  attempts: 3\n")), &[]));
    assert!(
        message.contains("unknown setting `amplitude.attempts`"),
        "{message}"
    );
    let message = error(load(Some(&yaml("personalize: 3\n")), &[]));
    assert!(
        message.contains("`personalize`") && message.contains("is a section"),
        "{message}"
    );
}

#[test]
fn an_unknown_variable_is_an_error_that_names_it_and_the_nearest_variable() {
    let message = error(load(
        None,
        &[("STOREFRONT_PERSONALIZE_RECOMMENDATIONS_ARN", "arn:x")],
    ));
    assert_eq!(
        message,
        "unknown setting `STOREFRONT_PERSONALIZE_RECOMMENDATIONS_ARN` in the environment; \
         did you mean `STOREFRONT_PERSONALIZE__RECOMMENDATIONS_ARN`?"
    );
    let message = error(load(None, &[("STOREFRONT_RECOMMENDER", "baseline")]));
    assert!(
        message.contains("`STOREFRONT_ENGINE__RECOMMENDER`"),
        "{message}"
    );
    let message = error(load(None, &[("STOREFRONT_NOTHING_LIKE_IT", "1")]));
    assert!(!message.contains("did you mean"), "{message}");
    let message = error(load(None, &[("STOREFRONT_TRACKER", "1")]));
    assert!(message.contains("is a section"), "{message}");
}

#[test]
fn a_bad_value_names_its_setting_and_where_it_came_from() {
    let message = error(load(None, &[("STOREFRONT_WORKERS", "many")]));
    assert!(
        message.starts_with("bad value for `workers` in STOREFRONT_WORKERS: "),
        "{message}"
    );
    let message = error(load(None, &[("STOREFRONT_ENGINE__RECOMMENDER", "magic")]));
    assert!(
        message.contains("STOREFRONT_ENGINE__RECOMMENDER"),
        "{message}"
    );
    assert!(message.contains("magic"), "{message}");
    let file = yaml("tracker:\n  batch_size: lots\n");
    let message = error(load(Some(&file), &[]));
    assert!(
        message.contains("bad value for `tracker.batch_size` in configuration file"),
        "{message}"
    );
    let message = error(load(Some(&yaml("bind: [\n")), &[]));
    assert!(message.contains("is not valid YAML"), "{message}");
}

#[test]
fn validation_names_the_setting_as_the_file_and_the_environment_spell_it() {
    let invalid = |name: &str, value: &str| {
        let settings = load(None, &[(name, value)]).expect("loads");
        settings.validate().expect_err("invalid").to_string()
    };
    let message = invalid("STOREFRONT_PERSONALIZE__RECOMMENDATIONS_ARN", "not-an-arn");
    assert!(
        message.starts_with(
            "personalize.recommendations_arn (STOREFRONT_PERSONALIZE__RECOMMENDATIONS_ARN) is not a Personalize ARN"
        ),
        "{message}"
    );
    let message = invalid("STOREFRONT_ENGINE__RECOMMENDER", "personalize");
    assert!(
        message.contains("STOREFRONT_PERSONALIZE__RELATED_ARN"),
        "{message}"
    );
    let message = invalid("STOREFRONT_SESSION_KEY", "short");
    assert_eq!(
        message,
        "session_key (STOREFRONT_SESSION_KEY) must be at least 64 bytes"
    );
}

#[test]
fn secrets_never_print() {
    let vars = [
        (
            "STOREFRONT_SESSION_KEY",
            "hush-session-hush-session-hush-session-hush-session-hush-session!",
        ),
        ("STOREFRONT_AMPLITUDE__API_KEY", "hush-amplitude"),
        ("STOREFRONT_PERSONALIZE__ACCESS_KEY_ID", "AKID"),
        ("STOREFRONT_PERSONALIZE__SECRET_ACCESS_KEY", "hush-aws"),
    ];
    let s = load(None, &vars).expect("loads");
    let printed = [
        format!("{s:?}"),
        serde_saphyr::to_string(&s).expect("yaml"),
        serde_json::to_string(&s).expect("json"),
    ];
    for text in printed {
        assert!(!text.contains("hush"), "{text}");
        assert!(text.contains("AKID"));
    }
    assert!(
        serde_json::to_string(&s)
            .expect("json")
            .contains("[redacted]")
    );
}

#[test]
fn the_printed_settings_read_back_as_a_file() {
    let vars = [
        ("STOREFRONT_WORKERS", "2"),
        ("STOREFRONT_PERSONALIZE__CONTEXT", "DEVICE=web"),
    ];
    let s = load(None, &vars).expect("loads");
    let file = yaml(&serde_saphyr::to_string(&s).expect("yaml"));
    let again = load(Some(&file), &[]).expect("reads back");
    assert_eq!(
        serde_json::to_value(&again).expect("json"),
        serde_json::to_value(&s).expect("json")
    );
}

/// The README's configuration table lists every setting, with its variable, and nothing else.
#[test]
fn the_readme_documents_every_setting_and_its_variable() {
    let readme = include_str!("../../README.md");
    let section = readme
        .split("\n## Configuration\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a Configuration section");
    let mut documented = Vec::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let path = cells[0].trim_start_matches("| ").trim_matches('`');
        assert_eq!(cells[1].trim_matches('`'), layers::variable(path), "{row}");
        documented.push(path.to_string());
    }
    let mut paths = Settings::paths();
    paths.sort();
    documented.sort();
    assert_eq!(documented, paths);
}

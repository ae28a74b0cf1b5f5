//! Layered settings over the binary: variables change settings, and a wrong one stops a
//! command with a message that names it.

use crate::helpers::*;

#[test]
fn config_show_prints_the_layers_merged_with_secrets_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("storefront.yaml");
    std::fs::write(
        &file,
        "workers: 2\nengine:\n  history_days: 30\npersonalize:\n  context:\n    DEVICE: web\n",
    )
    .unwrap();
    let out = stdout_of(
        storefront()
            .args(["config", "show", "--json", "--bind", "0.0.0.0:9"])
            .arg("--config")
            .arg(&file)
            .env("STOREFRONT_BIND", "0.0.0.0:1")
            .env("STOREFRONT_WORKERS", "3")
            .env("STOREFRONT_ENGINE__RECOMMENDER", "baseline")
            .env("STOREFRONT_PERSONALIZE__CONTEXT", "LOCATION=home")
            .env("STOREFRONT_AMPLITUDE__API_KEY", "amplitude-secret-key"),
    );
    let settings: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(settings["bind"], "0.0.0.0:9", "a flag wins");
    assert_eq!(settings["workers"], 3, "a variable wins over the file");
    assert_eq!(
        settings["engine"]["history_days"], 30,
        "the file's setting stays"
    );
    assert_eq!(settings["engine"]["recommender"], "baseline");
    assert_eq!(
        settings["personalize"]["context"],
        serde_json::json!({"DEVICE": "web", "LOCATION": "home"})
    );
    assert_eq!(settings["amplitude"]["api_key"], "[redacted]");
    assert!(!out.contains("amplitude-secret-key"));
}

#[test]
fn a_bad_or_unknown_variable_stops_serve_with_a_message_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("never.db").display());
    let serve = |name: &str, value: &str| {
        let out = storefront()
            .args(["serve", "--bind", "127.0.0.1:0", "--database", &database])
            .env(name, value)
            .output()
            .unwrap();
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let stderr = serve("STOREFRONT_WORKERS", "many");
    assert!(
        stderr.contains("bad value for `workers` in STOREFRONT_WORKERS"),
        "{stderr}"
    );
    let stderr = serve("STOREFRONT_PERSONALIZE_RECOMMENDATIONS_ARN", "arn:x");
    assert!(
        stderr.contains(
            "unknown setting `STOREFRONT_PERSONALIZE_RECOMMENDATIONS_ARN` in the environment; \
             did you mean `STOREFRONT_PERSONALIZE__RECOMMENDATIONS_ARN`?"
        ),
        "{stderr}"
    );
    let stderr = serve("STOREFRONT_PERSONALIZE__RELATED_ARN", "not-an-arn");
    assert!(
        stderr.contains(
            "personalize.related_arn (STOREFRONT_PERSONALIZE__RELATED_ARN) is not a Personalize ARN"
        ),
        "{stderr}"
    );
    // The engine's scale and exploration settings are checked before anything starts.
    for (name, value, says) in [
        (
            "STOREFRONT_ENGINE__NEIGHBOURS",
            "0",
            "engine.neighbours (STOREFRONT_ENGINE__NEIGHBOURS) must be between 1 and 1024",
        ),
        (
            "STOREFRONT_ENGINE__NEIGHBOURS",
            "5000",
            "must be between 1 and 1024",
        ),
        (
            "STOREFRONT_ENGINE__ITEM_MODEL",
            "sparse",
            "bad value for `engine.item_model` in STOREFRONT_ENGINE__ITEM_MODEL",
        ),
        (
            "STOREFRONT_ENGINE__EXPLORATION",
            "1.5",
            "engine.exploration (STOREFRONT_ENGINE__EXPLORATION) must be a share between 0 and 1",
        ),
    ] {
        let stderr = serve(name, value);
        assert!(stderr.contains(says), "{name}={value}: {stderr}");
    }
    assert!(
        !dir.path().join("never.db").exists(),
        "stopped before the database"
    );
}

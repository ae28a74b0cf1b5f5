use std::io::BufRead;
use std::process::Command;

use clap::CommandFactory;
use storefront::events::EventType;

use crate::helpers::*;

#[test]
fn verify_cli() {
    storefront::cli::Cli::command().debug_assert();
}

#[tokio::test]
async fn events_command_prints_ndjson_filtered_by_type_and_time() {
    let app = spawn_app().await;
    let a = product_in(&app, "groceries", 0).await;
    app.get_page(&format!("/product/{a}")).await;
    app.get_page(&format!("/product/{a}")).await;
    app.get_page("/search?q=coffee").await;
    app.events_of(EventType::ProductSearched, 1).await;
    let db = app.database_url.clone();
    let since = storefront::clock::format_rfc3339(app.started);

    let lines = ndjson(&stdout_of(storefront().args([
        "events",
        "--format",
        "ndjson",
        "--type",
        "ProductViewed",
        "--since",
        &since,
        "--database",
        &db,
    ])));
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert_eq!(l["event_type"], "ProductViewed");
        assert_eq!(l["item_id"], a.as_str());
        assert_eq!(l["properties"]["productId"], a.as_str());
        assert!(l["timestamp"].as_str().unwrap().ends_with('Z'));
    }

    let all = storefront()
        .args([
            "events",
            "--format",
            "ndjson",
            "--since",
            &since,
            "--database",
            &db,
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(all.stdout).unwrap().lines().count(), 3);
    let future = storefront()
        .args([
            "events",
            "--format",
            "ndjson",
            "--since",
            "2999-01-01",
            "--database",
            &db,
        ])
        .output()
        .unwrap();
    assert!(future.status.success());
    assert!(future.stdout.is_empty());
    let past = storefront()
        .args([
            "events",
            "--format",
            "ndjson",
            "--until",
            "2000-01-01T00:00:00Z",
            "--database",
            &db,
        ])
        .output()
        .unwrap();
    assert!(past.stdout.is_empty());

    let bad = storefront()
        .args(["events", "--type", "Clicked", "--database", &db])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown event type `Clicked`"));
    let bad_time = storefront()
        .args(["events", "--since", "yesterday", "--database", &db])
        .output()
        .unwrap();
    assert!(!bad_time.status.success());
    assert!(String::from_utf8_lossy(&bad_time.stderr).contains("is not a time"));
}

#[test]
fn the_committed_seeds_are_what_the_generator_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = storefront()
        .args(["generate-seeds", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for file in ["categories.yaml", "products.yaml", "users.json.gz"] {
        let generated = std::fs::read(dir.path().join(file)).unwrap();
        let committed = std::fs::read(seeds.join(file)).unwrap();
        assert!(
            generated == committed,
            "{file} differs from the generator's output"
        );
    }
}

#[test]
fn serve_stops_gracefully_on_sigterm_and_keeps_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::testdb::empty_database(dir.path());
    let db = database.url.clone();
    let mut child = storefront()
        .args(["serve", "--bind", "127.0.0.1:0", "--database", &db])
        .env("RUST_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the "listening" line to learn the port.
    let stderr = child.stderr.take().unwrap();
    let mut reader = std::io::BufReader::new(stderr);
    let mut port = None;
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 {
        if let Some(rest) = line.split("listening on http://127.0.0.1:").nth(1) {
            port = Some(
                rest.trim()
                    .trim_end_matches(|c: char| !c.is_ascii_digit())
                    .to_string(),
            );
            break;
        }
        line.clear();
    }
    let port = port.expect("the server says where it listens");
    let body = reqwest::blocking_get(&format!("http://127.0.0.1:{port}/healthz"));
    assert!(body.contains("\"status\":\"ok\""));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "clean exit on SIGTERM: {exit:?}");
    // A second start reuses the database instead of seeding again.
    let out = storefront()
        .args(["seed", "--database", &db])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("already seeded"));
    // The seed's history (about half a million events) is packed for funnels by then, by the
    // server as it started or by that seed; once packed, a seed finds nothing more to pack.
    let again = storefront()
        .args(["seed", "--database", &db])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(
        again.status.success() && said.contains("already seeded"),
        "{said}"
    );
    assert!(!said.contains("packed"), "nothing left to pack: {said}");
}

mod reqwest {
    /// A tiny blocking GET over a raw socket, so this std test needs no runtime.
    pub fn blocking_get(url: &str) -> String {
        use std::io::{Read, Write};
        let rest = url.trim_start_matches("http://");
        let (host, path) = rest
            .split_once('/')
            .map(|(h, p)| (h, format!("/{p}")))
            .unwrap();
        let mut s = std::net::TcpStream::connect(host).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }
}

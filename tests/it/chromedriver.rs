//! A chromedriver process of the test's own, and headless Chromium sessions on it through
//! fantoccini. (fantoccini speaks WebDriver; starting and stopping the driver is ours.)

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// A chromedriver process of this test's own, on a free port; killed when dropped.
pub struct Chromedriver {
    child: Child,
    base: String,
}

impl Chromedriver {
    /// Starts `CHROMEDRIVER` (default /usr/bin/chromedriver), or says why it cannot.
    pub async fn start() -> Result<Chromedriver, String> {
        let path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        if !Path::new(&path).exists() {
            return Err(format!("no chromedriver at {path}"));
        }
        if !Path::new(&chromium()).exists() {
            return Err(format!("no Chromium at {}", chromium()));
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = Command::new(&path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {path}: {e}"))?;
        let driver = Chromedriver {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = http.get(format!("{}/status", driver.base)).send().await
                && let Ok(v) = r.json::<Value>().await
                && v["value"]["ready"] == true
            {
                return Ok(driver);
            }
            if Instant::now() > deadline {
                return Err("chromedriver did not become ready".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A new headless browser that keeps every console message.
    pub async fn session(&self) -> Client {
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1800"],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
            "timeouts": {"script": 30_000, "pageLoad": 60_000},
        });
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.as_object().cloned().unwrap_or_default())
            .connect(&self.base)
            .await
            .expect("a browser session")
    }

    /// The browser's console messages since the last call. Chromedriver's own log endpoint,
    /// which WebDriver does not standardise (so fantoccini has no call for it).
    pub async fn console(&self, browser: &Client) -> Vec<Value> {
        let session = browser
            .session_id()
            .await
            .expect("session id")
            .expect("an open session");
        let answer: Value = reqwest::Client::new()
            .post(format!("{}/session/{session}/se/log", self.base))
            .json(&json!({"type": "browser"}))
            .send()
            .await
            .expect("the console log")
            .json()
            .await
            .expect("a JSON answer");
        answer["value"].as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // `/shutdown` closes the browsers too (killing chromedriver would orphan them, as when a
        // test fails before it quits its session). Plain blocking I/O: this runs in `Drop`.
        use std::io::Write;
        let host = self.base.trim_start_matches("http://");
        if let Ok(mut s) = std::net::TcpStream::connect(host) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = write!(
                s,
                "GET /shutdown HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            );
            let _ = std::io::Read::read(&mut s, &mut [0u8; 512]);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

//! Just enough of the W3C WebDriver protocol to drive headless Chromium through chromedriver:
//! navigate, find by CSS, click, type, run a script, read the console, take a screenshot.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

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
    pub async fn session(&self) -> Session {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .expect("client");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1800"],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
            "timeouts": {"script": 30_000, "pageLoad": 60_000},
        }}});
        let r: Value = http
            .post(format!("{}/session", self.base))
            .json(&caps)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("session answer");
        let id = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {r}"))
            .to_string();
        Session {
            http,
            url: format!("{}/session/{id}", self.base),
        }
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

pub struct Session {
    http: reqwest::Client,
    url: String,
}

impl Session {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.url));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        if let Some(error) = answer["value"]["error"].as_str() {
            panic!(
                "{method} {path}: {error}: {}",
                answer["value"]["message"].as_str().unwrap_or("")
            );
        }
        answer["value"].clone()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    async fn get(&self, path: &str) -> Value {
        self.call(reqwest::Method::GET, path, None).await
    }

    pub async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    /// Sets the window's size (headless: the page's viewport).
    pub async fn resize(&self, width: u32, height: u32) {
        self.post("/window/rect", json!({ "width": width, "height": height }))
            .await;
    }

    pub async fn current_url(&self) -> String {
        self.get("/url")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn find_all(&self, css: &str) -> Vec<String> {
        let found = self
            .post("/elements", json!({"using": "css selector", "value": css}))
            .await;
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first element matching `css`, waiting up to 20 s for it to appear.
    pub async fn wait_for(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(first) = self.find_all(css).await.into_iter().next() {
                return first;
            }
            if Instant::now() > deadline {
                let page = self
                    .script("return document.documentElement.outerHTML;", json!([]))
                    .await;
                // The page as the browser has it, to see why.
                eprintln!("{}", page.as_str().unwrap_or_default());
                panic!(
                    "nothing matches `{css}` on {} after 20 s",
                    self.current_url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for the element `css` names, then clicks it.
    pub async fn click_on(&self, css: &str) {
        let element = self.wait_for(css).await;
        self.click(&element).await;
    }

    pub async fn click(&self, element: &str) {
        self.post(&format!("/element/{element}/click"), json!({}))
            .await;
    }

    pub async fn clear(&self, element: &str) {
        self.post(&format!("/element/{element}/clear"), json!({}))
            .await;
    }

    pub async fn type_text(&self, element: &str, text: &str) {
        self.post(
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    pub async fn attribute(&self, element: &str, name: &str) -> Option<String> {
        self.get(&format!("/element/{element}/attribute/{name}"))
            .await
            .as_str()
            .map(str::to_string)
    }

    pub async fn text(&self, element: &str) -> String {
        self.get(&format!("/element/{element}/text"))
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn script(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
            .await
    }

    pub async fn async_script(&self, script: &str, args: Value) -> Value {
        self.post("/execute/async", json!({ "script": script, "args": args }))
            .await
    }

    /// The browser's console messages since the last call (chromedriver's log endpoint).
    pub async fn console(&self) -> Vec<Value> {
        self.post("/se/log", json!({"type": "browser"}))
            .await
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Saves a PNG of the window to `path`.
    pub async fn screenshot(&self, path: &PathBuf) {
        use base64_decode::decode;
        let png = self.get("/screenshot").await;
        let bytes = decode(png.as_str().expect("base64 PNG"));
        std::fs::write(path, bytes).expect("write screenshot");
    }

    pub async fn quit(self) {
        let _ = self.http.delete(&self.url).send().await;
    }
}

/// Standard base64, for screenshots (no dependency for a dozen lines).
mod base64_decode {
    pub fn decode(text: &str) -> Vec<u8> {
        let value = |c: u8| -> Option<u32> {
            Some(u32::from(match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return None,
            }))
        };
        let digits: Vec<u32> = text.bytes().filter_map(value).collect();
        let mut out = Vec::with_capacity(digits.len() * 3 / 4);
        for chunk in digits.chunks(4) {
            let mut n = 0u32;
            for (i, d) in chunk.iter().enumerate() {
                n |= d << (18 - 6 * i);
            }
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
        }
        out
    }

    #[test]
    fn decodes_with_and_without_padding() {
        assert_eq!(decode("aGVsbG8="), b"hello");
        assert_eq!(decode("aGk="), b"hi");
        assert_eq!(decode("YWJj"), b"abc");
    }
}

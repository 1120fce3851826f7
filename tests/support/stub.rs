//! A stub HTTP server on 127.0.0.1 for the translation tests: it records every request and
//! answers each with what the test's handler returns, after the handler's delay.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the stub received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Header names in lowercase, with their values.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// The stub's answer to a request.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(v: serde_json::Value) -> Reply {
        Reply {
            status: 200,
            body: v.to_string(),
            delay: Duration::ZERO,
        }
    }
}

type Handler = dyn Fn(&Received) -> Reply + Send + Sync;

pub struct Stub {
    pub url: String,
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Stub {
    /// A server on a free port of 127.0.0.1 answering with `handler`.
    pub fn start(handler: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Stub {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let thread = {
            let server = Arc::clone(&server);
            let received = Arc::clone(&received);
            std::thread::spawn(move || {
                for mut req in server.incoming_requests() {
                    let mut body = String::new();
                    let _ = req.as_reader().read_to_string(&mut body);
                    let r = Received {
                        method: req.method().to_string(),
                        path: req.url().to_string(),
                        headers: req
                            .headers()
                            .iter()
                            .map(|h| {
                                (
                                    h.field.as_str().as_str().to_ascii_lowercase(),
                                    h.value.as_str().to_string(),
                                )
                            })
                            .collect(),
                        body,
                    };
                    received.lock().unwrap().push(r.clone());
                    let handler = Arc::clone(&handler);
                    // Each answer from its own thread, so that a slow one holds up no other.
                    std::thread::spawn(move || {
                        let reply = handler(&r);
                        std::thread::sleep(reply.delay);
                        let header = tiny_http::Header::from_bytes(
                            &b"Content-Type"[..],
                            &b"application/json"[..],
                        )
                        .unwrap();
                        let resp = tiny_http::Response::from_string(reply.body)
                            .with_status_code(reply.status)
                            .with_header(header);
                        let _ = req.respond(resp);
                    });
                }
            })
        };
        Stub {
            url: format!("http://127.0.0.1:{port}"),
            port,
            received,
            server,
            thread: Some(thread),
        }
    }

    /// The requests received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A LibreTranslate stub's English for a text: the placeholders kept, each run of Arabic
/// words made "…", after "EN:".
pub fn fake_english(text: &str) -> String {
    let mut out = String::from("EN:");
    let mut in_arabic = false;
    for word in text.split_whitespace() {
        if word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) && !word.contains("[[") {
            if !in_arabic {
                out.push_str(" …");
            }
            in_arabic = true;
        } else {
            out.push(' ');
            out.push_str(word);
            in_arabic = false;
        }
    }
    out
}

/// A LibreTranslate stub: `fake_english` of each `q`.
pub fn libretranslate(r: &Received) -> Reply {
    let q = r.json()["q"].clone();
    let out: Vec<String> = q
        .as_array()
        .unwrap()
        .iter()
        .map(|t| fake_english(t.as_str().unwrap()))
        .collect();
    Reply::json(serde_json::json!({ "translatedText": out }))
}

/// An OpenAI-compatible stub: each sentence's translation is the glossary's English names of
/// the system prompt that occur in it, after "EN:".
pub fn openai(r: &Received) -> Reply {
    let body = r.json();
    let system = body["messages"][0]["content"].as_str().unwrap().to_string();
    let user: serde_json::Value =
        serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
    let glossary: Vec<(String, String)> = system
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .filter_map(|l| l.split_once(" → "))
        .map(|(a, e)| (a.to_string(), e.to_string()))
        .collect();
    let out: Vec<String> = user["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let s = s.as_str().unwrap();
            let names: Vec<&str> = glossary
                .iter()
                .filter(|(a, _)| s.contains(a.as_str()))
                .map(|(_, e)| e.as_str())
                .collect();
            format!("EN: {}.", names.join(", "))
        })
        .collect();
    let content = serde_json::json!({ "translations": out }).to_string();
    Reply::json(serde_json::json!({
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]
    }))
}

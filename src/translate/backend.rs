//! The backends: how a batch of sentences is sent and its translations read back.
//!
//! - `libretranslate`: `POST {url}/translate` with `q` (the list of sentences), `source = "ar"`,
//!   `target = "en"`, `format = "text"` and `api_key` when one is set; the answer is
//!   `{"translatedText": [...]}`.
//! - `openai`: `POST {url}/chat/completions` with `model`, a system prompt holding the glossary
//!   and the sentences as a JSON list; the answer's message is a JSON object
//!   `{"translations": [...]}`. The key goes in an `Authorization: Bearer` header.
//! - `command`: the program reads one sentence a line on standard input and writes one
//!   translation a line on standard output.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use super::{Backend, TranslateConfig};

/// Why a batch was not translated. Never holds the API key or the text sent.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Failure {
    /// The server could not be reached (refused, no such host).
    #[error("cannot reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    /// No answer in the time allowed.
    #[error("no answer from {0} in the time allowed (translate.timeout_s)")]
    Timeout(String),
    /// The server answered with an error status.
    #[error("{url} answered {status}{}", detail_suffix(.detail))]
    Status {
        url: String,
        status: u16,
        detail: String,
    },
    /// The answer is not what the backend promises.
    #[error("{from} gave an answer that cannot be read: {reason}")]
    Malformed { from: String, reason: String },
    /// The command could not run, or failed.
    #[error("the command {program:?} {reason}")]
    Command { program: String, reason: String },
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(": {detail}")
    }
}

impl Failure {
    /// Is a later attempt worth making? Not when the request itself was refused (a 4xx other
    /// than 429 Too Many Requests), nor when the command failed (a local program fails again).
    pub fn retryable(&self) -> bool {
        match self {
            Failure::Status { status, .. } => *status == 429 || *status >= 500,
            Failure::Command { .. } => false,
            _ => true,
        }
    }

    /// Is the backend down (so that later batches need not be sent)?
    pub fn unreachable(&self) -> bool {
        matches!(self, Failure::Unreachable { .. } | Failure::Timeout(_))
            || matches!(self, Failure::Command { reason, .. } if reason.starts_with("cannot be started"))
    }
}

/// A backend, ready to send batches.
pub trait Engine: Sync {
    /// Translate a batch within `timeout`: one English text for each text, in order.
    fn send(
        &self,
        texts: &[String],
        glossary: &[(String, String)],
        timeout: Duration,
    ) -> Result<Vec<String>, Failure>;
    /// Where the batches go: the address, or the program.
    fn describe(&self) -> String;
}

/// The engine of a configured backend.
pub fn engine(kind: Backend, config: &TranslateConfig, key: Option<String>) -> Box<dyn Engine> {
    let url = config.effective_url().unwrap_or_default();
    let url = url.trim_end_matches('/').to_string();
    match kind {
        Backend::LibreTranslate => Box::new(Libre {
            http: Http::new(),
            endpoint: format!("{url}/translate"),
            key,
        }),
        Backend::OpenAi => Box::new(OpenAi {
            http: Http::new(),
            endpoint: format!("{url}/chat/completions"),
            model: config.model.clone(),
            key,
        }),
        Backend::Command => Box::new(Cmd {
            argv: config.command.clone(),
        }),
    }
}

/// A blocking HTTP client that reads error statuses as answers.
struct Http {
    agent: ureq::Agent,
}

impl Http {
    fn new() -> Http {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(concat!("khulasa/", env!("CARGO_PKG_VERSION")))
            .build();
        Http {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    /// POST a JSON body; the answer's JSON, or why there is none.
    fn post(
        &self,
        url: &str,
        body: &Value,
        bearer: Option<&str>,
        timeout: Duration,
    ) -> Result<Value, Failure> {
        let mut req = self
            .agent
            .post(url)
            .config()
            .timeout_global(Some(timeout))
            .build()
            .header("Accept", "application/json");
        if let Some(k) = bearer {
            req = req.header("Authorization", format!("Bearer {k}"));
        }
        let mut resp = req.send_json(body).map_err(|e| transport(url, e))?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .read_to_string()
            .map_err(|e| transport(url, e))?;
        if !(200..300).contains(&status) {
            // The server's own message, when it gives one (LibreTranslate and OpenAI: "error").
            let detail = serde_json::from_str::<Value>(&text)
                .ok()
                .and_then(|v| match &v["error"] {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(o) => {
                        o.get("message").and_then(Value::as_str).map(str::to_string)
                    }
                    _ => None,
                })
                .unwrap_or_default();
            return Err(Failure::Status {
                url: url.to_string(),
                status,
                detail: excerpt(&detail),
            });
        }
        serde_json::from_str(&text).map_err(|e| Failure::Malformed {
            from: url.to_string(),
            reason: format!("not JSON ({e})"),
        })
    }
}

/// At most 200 characters of a message from outside, on one line.
fn excerpt(s: &str) -> String {
    let s = crate::text::display(s);
    match s.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

fn transport(url: &str, e: ureq::Error) -> Failure {
    match e {
        ureq::Error::Timeout(_) => Failure::Timeout(url.to_string()),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            Failure::Timeout(url.to_string())
        }
        e => Failure::Unreachable {
            url: url.to_string(),
            reason: e.to_string(),
        },
    }
}

/// A list of strings of the batch's length, or why not.
fn strings(v: Option<&Value>, n: usize, from: &str, what: &str) -> Result<Vec<String>, Failure> {
    let malformed = |reason: String| Failure::Malformed {
        from: from.to_string(),
        reason,
    };
    let list = match v {
        Some(Value::Array(a)) => a,
        // A LibreTranslate server answers one text with a string.
        Some(Value::String(s)) if n == 1 => return Ok(vec![s.clone()]),
        _ => return Err(malformed(format!("no list {what}"))),
    };
    if list.len() != n {
        return Err(malformed(format!(
            "{} translations for {n} sentences",
            list.len()
        )));
    }
    list.iter()
        .map(|t| {
            t.as_str()
                .map(str::to_string)
                .ok_or_else(|| malformed(format!("{what} holds a value that is not text")))
        })
        .collect()
}

struct Libre {
    http: Http,
    endpoint: String,
    key: Option<String>,
}

impl Engine for Libre {
    fn send(
        &self,
        texts: &[String],
        _glossary: &[(String, String)],
        timeout: Duration,
    ) -> Result<Vec<String>, Failure> {
        let mut body = json!({
            "q": texts,
            "source": "ar",
            "target": "en",
            "format": "text",
        });
        if let Some(k) = &self.key {
            body["api_key"] = Value::String(k.clone());
        }
        let answer = self.http.post(&self.endpoint, &body, None, timeout)?;
        strings(
            answer.get("translatedText"),
            texts.len(),
            &self.endpoint,
            "translatedText",
        )
    }

    fn describe(&self) -> String {
        self.endpoint.clone()
    }
}

/// The instructions of the `openai` backend.
const SYSTEM_PROMPT: &str = "You translate sentences of Arabic news into clear, faithful English. \
The user gives a JSON object {\"sentences\": [...]}. Answer with a JSON object only, \
{\"translations\": [...]}, with one English translation for each sentence, in the same order. \
Translate each sentence whole; add nothing, leave nothing out.";

struct OpenAi {
    http: Http,
    endpoint: String,
    model: Option<String>,
    key: Option<String>,
}

impl OpenAi {
    /// The system prompt, with the glossary the translations must follow.
    fn system(glossary: &[(String, String)]) -> String {
        if glossary.is_empty() {
            return SYSTEM_PROMPT.to_string();
        }
        let mut s =
            format!("{SYSTEM_PROMPT}\nWrite these names exactly as given (Arabic → English):\n");
        for (ar, en) in glossary {
            s.push_str(&format!("- {ar} → {en}\n"));
        }
        s
    }
}

impl Engine for OpenAi {
    fn send(
        &self,
        texts: &[String],
        glossary: &[(String, String)],
        timeout: Duration,
    ) -> Result<Vec<String>, Failure> {
        let mut body = json!({
            "messages": [
                {"role": "system", "content": OpenAi::system(glossary)},
                {"role": "user", "content": json!({"sentences": texts}).to_string()},
            ],
            "temperature": 0,
            "response_format": {"type": "json_object"},
        });
        if let Some(m) = &self.model {
            body["model"] = Value::String(m.clone());
        }
        let answer = self
            .http
            .post(&self.endpoint, &body, self.key.as_deref(), timeout)?;
        let content = answer["choices"][0]["message"]["content"]
            .as_str()
            .ok_or_else(|| Failure::Malformed {
                from: self.endpoint.clone(),
                reason: "no choices[0].message.content".into(),
            })?;
        let inner: Value =
            serde_json::from_str(strip_fence(content)).map_err(|e| Failure::Malformed {
                from: self.endpoint.clone(),
                reason: format!("the message is not JSON ({e})"),
            })?;
        let list = match &inner {
            Value::Array(_) => Some(&inner),
            v => v.get("translations"),
        };
        strings(list, texts.len(), &self.endpoint, "translations")
    }

    fn describe(&self) -> String {
        self.endpoint.clone()
    }
}

/// A JSON answer without the Markdown code fence some models put around it.
fn strip_fence(s: &str) -> &str {
    let t = s.trim();
    match t.strip_prefix("```") {
        Some(rest) => {
            let rest = rest.trim_start_matches("json");
            rest.strip_suffix("```").unwrap_or(rest).trim()
        }
        None => t,
    }
}

struct Cmd {
    argv: Vec<String>,
}

impl Engine for Cmd {
    fn send(
        &self,
        texts: &[String],
        _glossary: &[(String, String)],
        timeout: Duration,
    ) -> Result<Vec<String>, Failure> {
        let program = self.argv.first().cloned().unwrap_or_default();
        let fail = |reason: String| Failure::Command {
            program: program.clone(),
            reason,
        };
        let mut child = Command::new(&program)
            .args(&self.argv[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| fail(format!("cannot be started: {e}")))?;
        let input: String = texts
            .iter()
            .map(|t| format!("{}\n", t.replace(['\n', '\r'], " ")))
            .collect();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut stdin = child.stdin.take();
        let mut stdout = child.stdout.take();
        let mut stderr = child.stderr.take();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                if let Some(s) = stdin.as_mut() {
                    // A command that exits without reading says so by its output.
                    let _ = s.write_all(input.as_bytes());
                }
                drop(stdin);
            });
            let tx_err = tx.clone();
            scope.spawn(move || {
                let mut out = Vec::new();
                let r = stdout.as_mut().map(|s| s.read_to_end(&mut out));
                let _ = tx.send(("out", r.map(|r| r.map(|_| out))));
            });
            scope.spawn(move || {
                let mut err = Vec::new();
                let r = stderr.as_mut().map(|s| s.read_to_end(&mut err));
                let _ = tx_err.send(("err", r.map(|r| r.map(|_| err))));
            });
            let deadline = std::time::Instant::now() + timeout;
            let mut out = None;
            let mut err = Vec::new();
            for _ in 0..2 {
                let left = deadline.saturating_duration_since(std::time::Instant::now());
                match rx.recv_timeout(left) {
                    Ok(("out", r)) => out = Some(r),
                    Ok((_, Some(Ok(e)))) => err = e,
                    Ok(_) => {}
                    Err(_) => {
                        // Too slow: stop it (its pipes close, and the readers end).
                        let _ = child.kill();
                        let _ = child.wait();
                        return Err(fail("gave no answer in the time allowed".into()));
                    }
                }
            }
            let status = child
                .wait()
                .map_err(|e| fail(format!("cannot be waited for: {e}")))?;
            if !status.success() {
                let msg = excerpt(&String::from_utf8_lossy(&err));
                return Err(fail(format!("failed ({status}){}", detail_suffix(&msg))));
            }
            let out = match out {
                Some(Some(Ok(o))) => o,
                _ => return Err(fail("gave no output".into())),
            };
            let out = String::from_utf8(out)
                .map_err(|_| fail("wrote output that is not UTF-8".into()))?;
            let lines: Vec<String> = out.lines().map(str::to_string).collect();
            if lines.len() != texts.len() {
                return Err(fail(format!(
                    "wrote {} lines for {} sentences",
                    lines.len(),
                    texts.len()
                )));
            }
            Ok(lines)
        })
    }

    fn describe(&self) -> String {
        format!("command {}", self.argv.first().map_or("", |s| s.as_str()))
    }
}

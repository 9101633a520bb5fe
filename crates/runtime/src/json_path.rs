//! JSON paths (`$.data[2].id`) of decode errors: where a decoder stopped.

/// Appends object key `key` to a JSON path: `.key`, or `["a key"]` when it
/// is not a plain name. The one path format of this crate (decode errors
/// here, located by position because the answer's type is not known at
/// this point; the conformance checker's, located by `serde_path_to_error`).
pub(crate) fn push_key(path: &mut String, key: &str) {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&serde_json::Value::from(key).to_string());
        path.push(']');
    }
}

/// The JSON path (`$.data[2].id`) of the position `line`:`column` (1-based,
/// as serde_json reports) in `body`: where a decoder stopped.
pub fn json_path_at(body: &[u8], line: usize, column: usize) -> String {
    // Byte offset of line:column.
    let mut offset = 0;
    let mut current = 1;
    while current < line && offset < body.len() {
        if body[offset] == b'\n' {
            current += 1;
        }
        offset += 1;
    }
    let end = (offset + column).min(body.len());

    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut expecting_key = false;
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                expecting_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(key)) => {
                    *key = None;
                    expecting_key = true;
                }
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    if body[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if expecting_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        let raw = &body[start..i.min(body.len())];
                        let k = serde_json::from_slice::<String>(&[b"\"", raw, b"\""].concat())
                            .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned());
                        *key = Some(k);
                    }
                    expecting_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::from("$");
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => push_key(&mut path, k),
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

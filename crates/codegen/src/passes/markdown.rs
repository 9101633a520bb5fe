//! Descriptions become doc comments: rustdoc must never take their prose
//! for Rust.

use super::walk::for_each_description;
use serde_json::Value;

/// Rewrites markdown so that rustdoc never takes prose for Rust: fences
/// without a language become `text`, indented code blocks become `text`
/// fences. Returns whether anything changed.
pub fn text_code_blocks(md: &str) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    let mut changed = false;
    let mut in_fence = false;
    let mut in_indented = false;
    let mut prev_blank = true;
    for line in md.lines() {
        let trimmed = line.trim_start();
        if in_indented {
            let still =
                line.starts_with("    ") || line.starts_with('\t') || line.trim().is_empty();
            if still {
                out.push(
                    line.strip_prefix("    ")
                        .or_else(|| line.strip_prefix('\t'))
                        .unwrap_or(line)
                        .to_string(),
                );
                continue;
            }
            while out.last().is_some_and(|l| l.trim().is_empty()) {
                out.pop();
            }
            out.push("```".into());
            out.push(String::new());
            in_indented = false;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if !in_fence && trimmed.trim_start_matches(['`', '~']).trim().is_empty() {
                let indent = &line[..line.len() - trimmed.len()];
                out.push(format!("{indent}```text"));
                changed = true;
            } else {
                out.push(line.to_string());
            }
            in_fence = !in_fence;
            prev_blank = false;
            continue;
        }
        if !in_fence
            && prev_blank
            && !line.trim().is_empty()
            && (line.starts_with("    ") || line.starts_with('\t'))
        {
            out.push("```text".into());
            out.push(
                line.strip_prefix("    ")
                    .or_else(|| line.strip_prefix('\t'))
                    .unwrap_or(line)
                    .to_string(),
            );
            in_indented = true;
            changed = true;
            continue;
        }
        prev_blank = line.trim().is_empty();
        out.push(line.to_string());
    }
    if in_indented {
        while out.last().is_some_and(|l| l.trim().is_empty()) {
            out.pop();
        }
        out.push("```".into());
    }
    changed.then(|| out.join("\n"))
}

pub fn doc_code_blocks(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_description(doc, &mut |s| {
        if let Some(fixed) = text_code_blocks(s) {
            *s = fixed;
            n += 1;
        }
    });
    n
}

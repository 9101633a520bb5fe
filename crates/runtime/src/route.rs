//! Which operation a request is for, from its method and path (the
//! conformance checker and the mock both route by it).

/// The operation whose path template matches `path` (query ignored), the most
/// literal match first (`/contacts/search` before `/contacts/{id}`).
pub(crate) fn match_operation<'a>(
    ops: &'a [crate::Operation],
    method: &str,
    path: &str,
) -> Option<&'a crate::Operation> {
    let path = path.split('?').next().unwrap_or_default();
    let segs: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    ops.iter()
        .filter(|o| o.method.eq_ignore_ascii_case(method))
        .filter_map(|o| {
            let t: Vec<&str> = o.path.split('/').collect();
            if t.len() != segs.len() {
                return None;
            }
            let mut wild = 0;
            for (a, b) in t.iter().zip(&segs) {
                if a.starts_with('{') && a.ends_with('}') {
                    if b.is_empty() {
                        return None;
                    }
                    wild += 1;
                } else if a != b {
                    return None;
                }
            }
            Some((wild, o))
        })
        .min_by_key(|(w, _)| *w)
        .map(|(_, o)| o)
}

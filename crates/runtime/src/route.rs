//! Which operation a request is for, from its method and path (the
//! conformance checker and the mock both route by it).

/// The operation whose path template matches `path` (query ignored), the most
/// literal match first (`/contacts/search` before `/contacts/{id}`).
pub fn match_operation<'a>(
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

#[cfg(test)]
mod tests {
    use super::match_operation;
    use crate::Operation;

    const fn op(method: &'static str, path: &'static str, name: &'static str) -> Operation {
        Operation {
            method,
            path,
            name,
            multipart: false,
        }
    }

    const OPS: &[Operation] = &[
        op("GET", "/contacts/{contact_id}", "show_contact"),
        op("POST", "/contacts/search", "search_contacts"),
        op("GET", "/contacts", "list_contacts"),
        op("POST", "/contacts/{contact_id}", "post_contact"),
        op("GET", "/contacts/search", "get_search"),
        op(
            "GET",
            "/contacts/{contact_id}/companies/{id}",
            "contact_company",
        ),
        op("DELETE", "/contacts/{contact_id}", "delete_contact"),
    ];

    fn route(method: &str, path: &str) -> Option<&'static str> {
        match_operation(OPS, method, path).map(|o| o.name)
    }

    #[test]
    fn the_most_literal_template_wins_and_the_method_must_match() {
        assert_eq!(route("GET", "/contacts/abc"), Some("show_contact"));
        // `/contacts/search` is both a literal and a `{contact_id}`.
        assert_eq!(route("GET", "/contacts/search"), Some("get_search"));
        assert_eq!(route("POST", "/contacts/search"), Some("search_contacts"));
        assert_eq!(route("POST", "/contacts/abc"), Some("post_contact"));
        // Methods compare without case.
        assert_eq!(route("delete", "/contacts/abc"), Some("delete_contact"));
        assert_eq!(route("PUT", "/contacts/abc"), None);
    }

    #[test]
    fn the_query_and_a_trailing_slash_are_ignored_and_segments_must_line_up() {
        assert_eq!(route("GET", "/contacts?per_page=5"), Some("list_contacts"));
        assert_eq!(route("GET", "/contacts/"), Some("list_contacts"));
        assert_eq!(
            route("GET", "/contacts/c1/companies/9?x=1"),
            Some("contact_company")
        );
        // Too many or too few segments, or an empty one for a parameter.
        assert_eq!(route("GET", "/contacts/c1/companies"), None);
        assert_eq!(route("GET", "/contacts/c1/companies/9/more"), None);
        assert_eq!(route("GET", "/contacts//companies/9"), None);
        assert_eq!(route("GET", ""), None);
        assert_eq!(route("GET", "/tags"), None);
    }
}

//! Rules that hold for every version of Intercom's OpenAPI descriptions.
//!
//! Each pass is a small, named transformation of the parsed spec (as
//! `serde_json::Value`), returns how many places it changed, and has a unit
//! test (in `passes/tests.rs`). Fixes at *named*
//! places of one spec are data under `openapi/patches/`, not code here.

use serde_json::Value;

/// A named spec transformation and the reason it exists.
pub struct Pass {
    pub name: &'static str,
    pub reason: &'static str,
    pub run: fn(&mut Value) -> usize,
    /// Passes that must have run before this one (checked by a unit test:
    /// each is earlier in [`PASSES`]; the build itself only runs the list).
    #[allow(dead_code)]
    pub after: &'static [&'static str],
}

/// Every pass, in the order it runs. Where the order matters, `after` says
/// so; elsewhere passes touch disjoint parts of the spec.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "path_item_parameters",
        reason: "parameters declared on a path item apply to each of its operations; progenitor reads only an operation's own (Preview declares some ids on the path item)",
        run: operation_shape::path_item_parameters,
        after: &[],
    },
    Pass {
        name: "multipart_as_raw_body",
        reason: "progenitor has no `multipart/form-data` bodies: such a body is sent as bytes the caller builds with `intercom_api::Multipart`, with the form's content type set by the runtime",
        run: operation_shape::multipart_as_raw_body,
        after: &[],
    },
    Pass {
        name: "file_answers",
        reason: "an answer that is a file (a binary media type, an `Accept` of one, or prose requiring `Accept: application/octet-stream`: the data export download) comes back as streamed bytes with its `Accept` filled in, not `()` or a buffered body; a `text/plain` answer is marked as text",
        run: files::file_answers,
        after: &["multipart_as_raw_body"],
    },
    Pass {
        name: "one_success_answer",
        reason: "progenitor takes one answer type per operation: different 2xx answers (202 beside 200) become one `oneOf` component",
        run: operation_shape::one_success_answer,
        after: &[],
    },
    Pass {
        name: "missing_success_answer",
        reason: "an operation that declares no success answer would return `()` and drop what Intercom sends: it gets a 200 kept as JSON",
        run: operation_shape::missing_success_answer,
        after: &["one_success_answer"],
    },
    Pass {
        name: "strip_version_header",
        reason: "every operation declares an `Intercom-Version` header; the client sets it once per module",
        run: operation_shape::strip_version_header,
        after: &[],
    },
    Pass {
        name: "synthesize_operation_ids",
        reason: "operations without an operationId cannot be named by progenitor",
        run: naming::synthesize_operation_ids,
        after: &[],
    },
    Pass {
        name: "path_params_in_path",
        reason: "a parameter named in the path template but declared `in: query` must be a path parameter",
        run: operation_shape::path_params_in_path,
        after: &["path_item_parameters"],
    },
    Pass {
        name: "string_path_ids",
        reason: "ids in a path are text: contact and conversation ids are not numbers (`6657aad76abd0164c24b0d0e`), answers carry every id as a string, and 2.11 declares them all strings; an `integer` id in a path would make those operations unusable",
        run: operation_shape::string_path_ids,
        after: &["path_item_parameters", "path_params_in_path"],
    },
    Pass {
        name: "schemaless_media",
        reason: "`application/json` media without a schema hits a `todo!` in progenitor: any JSON value",
        run: schema_shape::schemaless_media,
        after: &[],
    },
    Pass {
        name: "plain_object_components",
        reason: "a `nullable` object component becomes a newtype around Option (`AdminWithApp(Option<…>)`) that every use must unwrap; where such a value may be absent, the property holding it is optional anyway",
        run: schema_shape::plain_object_components,
        after: &[],
    },
    Pass {
        name: "required_alternatives",
        reason: "an `anyOf`/`oneOf` whose alternatives only list different `required` fields (\"`id`, `user_id` or `email`\") becomes an enum of empty types in typify, so the request could never be built: the fields all alternatives require stay required, the rest optional, and the alternatives are named in the description",
        run: schema_shape::required_alternatives,
        after: &[],
    },
    Pass {
        name: "merge_all_of",
        reason: "typify's own `allOf` merge drops schema extensions (`x-rust-type`): an object extending others gets their properties merged in the spec",
        run: schema_shape::merge_all_of,
        after: &["required_alternatives"],
    },
    Pass {
        name: "errors_via_runtime",
        reason: "error answers are decoded once, by the shared runtime (error.list, raw body kept); progenitor also needs one error type per operation",
        run: operation_shape::errors_via_runtime,
        after: &["synthesize_operation_ids", "one_success_answer"],
    },
    Pass {
        name: "pagination_params",
        reason: "page-numbered lists (answer with `pages.total_pages`) take `page` and `per_page` on the live API even where the spec omits them",
        run: pagination_shapes::pagination_params,
        after: &["merge_all_of", "errors_via_runtime"],
    },
    Pass {
        name: "request_defaults",
        reason: "a request carries only what the caller set: `default:` documents what the server does, and typify would send it (an update would reset fields); kept in the docs instead",
        run: request_side::request_defaults,
        after: &["merge_all_of"],
    },
    Pass {
        name: "specific_alternatives_first",
        reason: "an untagged request union takes the first alternative whose required fields are present: those requiring (then declaring) more go first, so a poorer one cannot swallow a richer body and drop its fields",
        run: request_side::specific_alternatives_first,
        after: &["required_alternatives"],
    },
    Pass {
        name: "name_body_alternatives",
        reason: "inline `oneOf` alternatives of a request body become `Variant0`, `Variant1` struct variants without builders: as named components each gets a guessable name (`CreateDataAttributeRequestWithOptions`) and a builder",
        run: alternatives::name_body_alternatives,
        after: &[],
    },
    Pass {
        name: "closed_request_alternatives",
        reason: "alternatives of a request union that differ only deeper down (tag or untag companies) are told apart by refusing undeclared fields, so a body built from JSON keeps every field; components answers also use stay open",
        run: request_side::closed_request_alternatives,
        after: &["specific_alternatives_first"],
    },
    Pass {
        name: "avatars_either_shape",
        reason: "an `avatar` arrives as a URL string (contacts) or an object with `image_url` (admins, visitors) whatever the spec says at that place (Intercom's SDK overlay): every answer-side avatar decodes either as `intercom_api::Avatar`",
        run: answer_side::avatars_either_shape,
        after: &[],
    },
    Pass {
        name: "paging_next_either_shape",
        reason: "`pages.next` is a cursor object on cursor lists but the next page's URL on page-numbered lists (`GET /companies`, `GET /help_center/collections`…) whatever the spec says: every answer-side paging `next` typed as the cursor object decodes either as `intercom_api::PagesNext`",
        run: answer_side::paging_next_either_shape,
        after: &["merge_all_of"],
    },
    Pass {
        name: "answer_floats_as_f64",
        reason: "answer-side `number` + `format: float` (percentages, rates) would be `f32`, which loses what Intercom sends (`33.33333333333333`): `f64`",
        run: answer_side::answer_floats_as_f64,
        after: &["merge_all_of"],
    },
    Pass {
        name: "text_dates",
        reason: "dates written as text in answers (ISO 8601, 2.16's macros) stay text: a form the parser does not expect must not fail the answer, and re-encoding must give back what was sent",
        run: answer_side::text_dates,
        after: &[],
    },
    Pass {
        name: "lenient_answers",
        reason: "forward compatibility: answer-only schemas tolerate missing fields (but `type`/`id`), `null` lists and maps, and keep unknown fields in `extra`; request schemas stay strict",
        run: answer_side::lenient_answers,
        after: &[
            "errors_via_runtime",
            "merge_all_of",
            "avatars_either_shape",
            "paging_next_either_shape",
            "text_dates",
        ],
    },
    Pass {
        name: "free_form_custom_attributes",
        reason: "custom attribute values are strings, numbers, booleans or dates on the live API wherever the spec narrows them to one scalar type",
        run: answer_side::free_form_custom_attributes,
        after: &["lenient_answers"],
    },
    Pass {
        name: "flexible_ids",
        reason: "answer-side ids (`id`, `*_id`) arrive as strings or numbers whatever the spec says: they decode into `intercom_api::Id`",
        run: answer_side::flexible_ids,
        after: &["lenient_answers"],
    },
    Pass {
        name: "strip_titles",
        reason: "typify names types after `title`s, which collide (`struct Admin(Option<Admin>)`)",
        run: naming::strip_titles,
        after: &[],
    },
    Pass {
        name: "disambiguate_inline_names",
        reason: "typify names an inline schema after its parent and property (`ticket.type` → `TicketType`), which can collide with a component (`ticket_type`): such inline schemas get a distinct name",
        run: naming::disambiguate_inline_names,
        after: &["strip_titles"],
    },
    Pass {
        name: "scalar_any_of",
        reason: "`anyOf` with scalar members becomes flattened structs; an untagged `oneOf` decodes them",
        run: schema_shape::scalar_any_of,
        after: &[],
    },
    Pass {
        name: "unix_timestamps",
        reason: "`integer` + `format: date-time` are Unix seconds on the wire, not RFC 3339: decode as i64",
        run: schema_shape::unix_timestamps,
        after: &[],
    },
    Pass {
        name: "lenient_uuids",
        reason: "ids declared `format: uuid` stay strings: a value the server sends that is not a UUID must not break decoding",
        run: schema_shape::lenient_uuids,
        after: &[],
    },
    Pass {
        name: "doc_code_blocks",
        reason: "descriptions become doc comments: indented or unlabelled code blocks would be compiled as Rust doctests",
        run: markdown::doc_code_blocks,
        after: &["errors_via_runtime"],
    },
    Pass {
        name: "lists_either_shape",
        reason: "a list answer the live API is reported to send as a bare array or as the `{type: list, data}` wrapper, whichever a description says (`GET /away_status_reasons`), decodes from both: the hand-written `intercom_api::List`",
        run: answer_side::lists_either_shape,
        after: &["merge_all_of", "lenient_answers"],
    },
];

/// Run every pass, returning each with the number of places it changed.
pub fn run_all(doc: &mut Value) -> Vec<(&'static Pass, usize)> {
    PASSES.iter().map(|p| (p, (p.run)(doc))).collect()
}

// One concern per file; each pass file imports what it uses from `walk`
// (the one place that walks a spec) and the others. What the build and the
// unit tests use is re-exported here by name.
mod walk;
#[allow(unused_imports)] // each user (build, tests, xtask) takes part of them
pub use walk::{direct_refs, operation_pointer, reachable, resolve, METHODS};

mod naming;
pub use naming::{pascal_case, snake_case};

mod markdown;
#[allow(unused_imports)] // the unit tests
pub use markdown::text_code_blocks;

mod page_kind;
mod pagination_shapes;
#[allow(unused_imports)]
pub use pagination_shapes::{paginated_operations, PageKind, Paginated};

mod schema_shape;

mod operation_shape;

mod request_side;

mod alternatives;
mod answer_side;

mod files;

#[cfg(test)]
mod tests;

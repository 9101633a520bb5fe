use super::values::{builtin, fallback_number, fallback_text, json, same_name};
use super::*;
use crate::model::{Shape, TypeModel};

fn model() -> TypeModel {
    let mut m = TypeModel::default();
    let s = |n: &str| Shape::Path(n.to_string());
    m.fields.insert(
        "CreateNoteBody".into(),
        vec![
            (
                "admin_id".into(),
                Shape::Option(Box::new(s("::std::string::String"))),
            ),
            ("body".into(), s("::std::string::String")),
            ("type_".into(), Shape::Named("NoteType".into())),
            ("kind".into(), Shape::Named("Kind".into())),
        ],
    );
    m.tags.insert("NoteType".into(), "Note".into());
    m.texts
        .insert("Kind".into(), vec!["OptIn".into(), "OptOut".into()]);
    for n in ["CreateNoteBody", "NoteType", "Kind"] {
        m.refs.insert(n.into(), Default::default());
    }
    m
}

fn text(t: TokenStream) -> String {
    t.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_body_sets_required_fields_skips_tags_and_shows_short_optional_ones() {
    let m = model();
    let model_of = |n: &str| m.refs.contains_key(n).then_some(&m);
    let doc = serde_json::json!({});
    let ctx = Ctx {
        doc: &doc,
        model_of: &model_of,
    };
    let ex = serde_json::json!({"admin_id": "991", "body": "Hello", "kind": "opt_out"});
    let t = text(ctx.setters("CreateNoteBody", Some(&ex), None, true));
    assert_eq!(
        t,
        r#". admin_id ("991") . body ("Hello") . kind ("opt_out")"#
    );
    // Without an example: fallbacks, no optional field, the first enum value.
    let t = text(ctx.setters("CreateNoteBody", None, None, true));
    assert_eq!(t, r#". body ("example") . kind ("opt_in")"#);
    // A nested body shows one optional field at most.
    let two = serde_json::json!({"admin_id": "991", "body": "Hello", "kind": "opt_out"});
    let t = text(ctx.built("CreateNoteBody", Some(&two), None, false));
    let nested = r#"types :: CreateNoteBody :: builder () . admin_id ("991") . body ("Hello")"#;
    assert_eq!(t, format!(r#"{nested} . kind ("opt_out")"#));
}

#[test]
fn builtins_take_the_example_where_it_fits() {
    let s = |t: Option<TokenStream>| t.map(text).unwrap_or_default();
    let id = serde_json::json!(42);
    assert_eq!(
        s(builtin("::std::string::String", Some(&id), "id")),
        r#""42""#
    );
    assert_eq!(
        s(builtin("i64", Some(&serde_json::json!("x")), "created_at")),
        "1_700_000_000"
    );
    assert_eq!(
        s(builtin("u32", Some(&serde_json::json!(-1)), "per_page")),
        "1"
    );
    assert_eq!(s(builtin("bool", None, "x")), "true");
    assert_eq!(
        s(builtin("::chrono::DateTime<Utc>", None, "x")),
        "chrono :: Utc :: now ()"
    );
    assert!(builtin("::uuid::Uuid", None, "x").is_none());
    assert_eq!(fallback_text("contact_id"), "123");
    assert_eq!(fallback_number("updated_at"), 1_700_000_000);
    assert!(same_name("type", "type_") && same_name("contactId", "contact_id"));
    let j = text(json(&serde_json::json!({"a": [1, "b\"c"]}), true));
    assert_eq!(j, r#"serde_json :: json ! ({ "a" : [1 , "b\"c"] })"#);
}

#[test]
fn the_doc_block_wraps_the_call_and_runs_as_one_function() {
    let e = Example {
        fn_name: "show_contact".into(),
        stmt: quote!(let answer = client.show_contact().contact_id("63a0").send().await?;),
    };
    let block = doc_block(&e, "v2_14");
    assert!(
        block.starts_with("```no_run\n# use intercom_api::v2_14::{types, Client};\n"),
        "{block}"
    );
    assert!(
        block
            .contains("\nlet answer = client.show_contact().contact_id(\"63a0\").send().await?;\n"),
        "{block}"
    );
    assert!(block.ends_with("# Ok(())\n# }\n```"), "{block}");
    let runner = text(runner(&[e]));
    assert!(
        runner.contains(r#"out . push (("show_contact" , async {"#),
        "{runner}"
    );
}

/// Every 2.14 operation has an example, and those with a JSON body set it
/// (but the unions of tagged objects, see tests/it/usage_examples.rs).
#[test]
fn every_operation_of_2_14_has_an_example() {
    let doc = crate::test_support::patched("2.14");
    let g = crate::generate::generate("t", &doc, &[], false).unwrap();
    let ops = crate::generate::surface(&g.file, &doc).unwrap();
    let model_of = |n: &str| g.model.refs.contains_key(n).then_some(&g.model);
    let ctx = Ctx {
        doc: &doc,
        model_of: &model_of,
    };
    let data = crate::doc_data::DocData::read(&crate::root().join("openapi")).unwrap();
    let fixes: Vec<_> = data.fixes.iter().filter(|f| f.applies("2.14")).collect();
    let examples = build(&ctx, &g.file, &ops, &fixes);
    assert_eq!(examples.len(), ops.len());
    let without_body: Vec<&str> = examples
        .iter()
        .zip(&ops)
        .filter(|(e, o)| {
            let op = &doc["paths"][&o.path][o.method.to_lowercase()];
            op.pointer("/requestBody/content/application~1json")
                .is_some()
                && !e.stmt.to_string().contains("body")
        })
        .map(|(e, _)| e.fn_name.as_str())
        .collect();
    assert_eq!(
        without_body,
        // data_event_summaries: no field is required and the spec gives no
        // example. (Union bodies take their alternative's builder.)
        ["data_event_summaries"]
    );
}

//! The syntax queries and the surface renderer.

use crate::syntax;

fn shown(ty: syn::Type) -> String {
    syntax::type_text(&ty)
}

/// The surface names the version's own types and the common std and
/// serde_json types by their name, generic arguments included; any other
/// path in full.
#[test]
fn surface_types_show_their_names() {
    use syn::parse_quote;
    assert_eq!(
        shown(parse_quote!(
            ::std::option::Option<::std::vec::Vec<crate::types::Tag>>
        )),
        "Option<Vec<Tag>>"
    );
    assert_eq!(
        shown(parse_quote!(
            ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>
        )),
        "BTreeMap<String, Value>"
    );
    assert_eq!(shown(parse_quote!(types::builder::Contact)), "Contact");
    assert_eq!(shown(parse_quote!(builder::Foo<'a>)), "Foo<'a>");
    assert_eq!(shown(parse_quote!(())), "()");
    assert_eq!(
        shown(parse_quote!((types::A, Vec<types::B>))),
        "(A, Vec<B>)"
    );
    assert_eq!(shown(parse_quote!(&'a mut [types::A])), "&'a mut [A]");
    // Other paths as they are.
    assert_eq!(
        shown(parse_quote!(Option<::std::num::NonZeroU64>)),
        "Option<::std::num::NonZeroU64>"
    );
    assert_eq!(shown(parse_quote!(reqwest::Body)), "reqwest::Body");
    assert_eq!(
        shown(parse_quote!(crate::v2_13::types::Tag)),
        "crate::v2_13::types::Tag"
    );
    assert_eq!(
        shown(parse_quote!(intercom_api::Page<types::Tag>)),
        "intercom_api::Page<Tag>"
    );
}

#[test]
fn surface_reads_send_and_builder_fields() {
    use syn::parse_quote;
    let send: syn::Type = parse_quote!(Result<ResponseValue<types::X>, Error<types::E>>);
    let ok = syntax::ok_type(&send).expect("an answer type");
    assert_eq!(syntax::type_text(ok), "X");
    let unit: syn::Type = parse_quote!(Result<ResponseValue<()>, Error<()>>);
    let unit = syntax::ok_type(&unit).map(syntax::type_text);
    assert_eq!(unit.as_deref(), Some("()"));
    let not_send: syn::Type = parse_quote!(Option<types::X>);
    assert!(syntax::ok_type(&not_send).is_none());

    let param = |ty: syn::Type| {
        let (t, optional) = syntax::param_type(&ty);
        (syntax::type_text(t), optional)
    };
    assert_eq!(
        param(parse_quote!(Result<::std::string::String, String>)),
        ("String".to_string(), false)
    );
    assert_eq!(
        param(parse_quote!(
            Result<Option<::std::vec::Vec<types::Tag>>, String>
        )),
        ("Vec<Tag>".to_string(), true)
    );
    assert_eq!(
        param(parse_quote!(Result<types::builder::Body, String>)),
        ("Body".to_string(), false)
    );
}

/// The methods of impl blocks, with their self type's name and trait.
#[test]
fn methods_of_impls_name_their_owner() {
    let mut file: syn::File = syn::parse_quote! {
        struct A;
        impl<'a> A<'a> { fn one(&self) {} const C: u8 = 0; fn two(&self) {} }
        impl ::std::fmt::Display for B { fn fmt(&self) {} }
        impl [u8] { fn skipped(&self) {} }
    };
    let seen: Vec<String> = syntax::methods_mut(&mut file.items)
        .map(|m| {
            let of = m
                .trait_
                .and_then(|p| p.segments.last())
                .map(|s| s.ident.to_string());
            format!("{}.{} {:?}", m.owner, m.f.sig.ident, of)
        })
        .collect();
    assert_eq!(
        seen,
        ["A.one None", "A.two None", "B.fmt Some(\"Display\")"]
    );
    let read: Vec<String> = syntax::methods(&file.items)
        .map(|m| format!("{}.{}", m.owner, m.f.sig.ident))
        .collect();
    assert_eq!(read, ["A.one", "A.two", "B.fmt"]);
}

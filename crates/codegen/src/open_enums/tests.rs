//! Which enums open.

use crate::open_enums;

/// 2.16 lists `unknown` as a value of some enums (typify names it
/// `Unknown`): the catch-all then takes another name.
#[test]
fn an_enum_that_lists_unknown_gets_another_catch_all() {
    let mut file: syn::File = syn::parse_quote! {
        mod types {
            #[derive(Clone, Copy, Debug)]
            pub enum State {
                #[serde(rename = "open")]
                Open,
                #[serde(rename = "unknown")]
                Unknown,
            }
            impl ::std::fmt::Display for State {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match *self {
                        Self::Open => f.write_str("open"),
                        Self::Unknown => f.write_str("unknown"),
                    }
                }
            }
        }
    };
    assert_eq!(
        open_enums::open_enums(&mut file, &Default::default()).len(),
        1
    );
    let text = quote::quote!(#file).to_string();
    assert!(
        text.contains("UnknownValue (:: std :: string :: String)"),
        "{text}"
    );
    assert!(
        text.contains("Self :: UnknownValue (ref value) => f . write_str (value)"),
        "{text}"
    );
    assert!(
        !text.contains("Copy"),
        "a catch-all holding a String cannot be Copy"
    );
}

/// A one-value tag opens (a custom object list says `"type": "Order"` where
/// the spec says `"list"`), but not one that tells the alternatives of an
/// untagged union apart, directly or through a nested union.
#[test]
fn one_value_tags_open_unless_they_tell_union_alternatives_apart() {
    let mut file: syn::File = syn::parse_quote! {
        mod types {
            #[derive(Clone, Copy, Debug)]
            pub enum ListType {
                #[serde(rename = "list")]
                List,
            }
            pub struct InstanceList {
                pub type_: ::std::option::Option<ListType>,
            }
            #[derive(Clone, Copy, Debug)]
            pub enum AdminType {
                #[serde(rename = "admin")]
                Admin,
            }
            #[derive(Clone, Copy, Debug)]
            pub enum UserType {
                #[serde(rename = "user")]
                User,
            }
            #[derive(Clone, Copy, Debug)]
            pub enum LeadType {
                #[serde(rename = "lead")]
                Lead,
            }
            pub struct AdminReply {
                pub type_: AdminType,
            }
            pub struct UserReply {
                pub type_: UserType,
            }
            #[serde(untagged)]
            pub enum ContactReply {
                User(UserReply),
                Lead { type_: LeadType },
            }
            #[serde(untagged)]
            pub enum Reply {
                Admin(::std::boxed::Box<AdminReply>),
                Contact(ContactReply),
            }
        }
    };
    let types = match &file.items[0] {
        syn::Item::Mod(m) => m.content.as_ref().unwrap().1.clone(),
        _ => unreachable!(),
    };
    let closed: Vec<String> = open_enums::discriminators(&types).into_iter().collect();
    assert_eq!(closed, ["AdminType", "LeadType", "UserType"]);
    let closed_set = open_enums::discriminators(&types);
    assert_eq!(open_enums::open_enums(&mut file, &closed_set).len(), 1);
    // A union of one module standing on another's types (a version's body
    // over a shared home's alternatives): the home's tag stays closed, and a
    // multi-value enum of the same name elsewhere is not held closed.
    let home: Vec<syn::Item> = vec![
        syn::parse_quote!(
            pub struct AssignRequest {
                pub type_: AssignType,
            }
        ),
        syn::parse_quote!(
            pub enum AssignType {
                #[serde(rename = "admin")]
                Admin,
            }
        ),
    ];
    let version: Vec<syn::Item> = vec![syn::parse_quote!(
        #[serde(untagged)]
        pub enum PartBody {
            Assign(crate::v1::types::AssignRequest),
            Close(CloseRequest),
        }
    )];
    let across = open_enums::discriminators(home.iter().chain(&version));
    assert!(across.contains("AssignType"), "{across:?}");
    let mut other: syn::File = syn::parse_quote! {
        pub mod types {
            pub enum AssignType { #[serde(rename = "admin")] Admin, #[serde(rename = "team")] Team }
        }
    };
    assert_eq!(open_enums::open_enums(&mut other, &across).len(), 1);
    let text = quote::quote!(#file).to_string();
    assert!(
        text.contains("pub enum ListType { # [serde (rename = \"list\")] List , # [doc"),
        "{text}"
    );
    assert_eq!(
        text.matches("Unknown (:: std :: string :: String)").count(),
        1,
        "{text}"
    );
}

//! The setter rules, on small syntax trees as typify and progenitor emit
//! them (seconds, no generation).

use crate::setters;

use setters::Facts;

fn text(file: &syn::File) -> String {
    quote::quote!(#file).to_string()
}

fn facts() -> Facts {
    let mut f = Facts::default();
    f.tags.insert("ReplyType".into(), "Admin".into());
    f.tags
        .insert("DownloadAccept".into(), "ApplicationOctetStream".into());
    f.texts.insert("MessageType".into());
    f.maps.insert("CustomAttributes".into());
    f.unions.insert(
        "ReplyRequest".into(),
        vec![
            ("AdminReply".into(), "AdminReply".into()),
            ("ContactReply".into(), "ContactReply".into()),
        ],
    );
    f.optional
        .insert("AdminReply".into(), ["body".to_string()].into());
    f
}

fn generated() -> syn::File {
    syn::parse_quote! {
        pub mod types {
            pub enum ReplyType { Admin }
            pub enum ReplyRequest { AdminReply(AdminReply), ContactReply(ContactReply) }
            pub mod builder {
                pub struct AdminReply {
                    admin_id: ::std::result::Result<::std::string::String, ::std::string::String>,
                    body: ::std::result::Result<::std::option::Option<::std::string::String>, ::std::string::String>,
                    type_: ::std::result::Result<super::ReplyType, ::std::string::String>,
                }
                impl ::std::default::Default for AdminReply {
                    fn default() -> Self {
                        Self {
                            admin_id: Err("no value supplied for admin_id".to_string()),
                            body: Ok(Default::default()),
                            type_: Err("no value supplied for type_".to_string()),
                        }
                    }
                }
                impl AdminReply {
                    pub fn admin_id<T>(mut self, value: T) -> Self
                    where
                        T: ::std::convert::TryInto<::std::string::String>,
                        T::Error: ::std::fmt::Display,
                    {
                        self.admin_id = value.try_into().map_err(|e| format!("error converting supplied value for admin_id: {e}"));
                        self
                    }
                    pub fn body<T>(mut self, value: T) -> Self
                    where
                        T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>,
                        T::Error: ::std::fmt::Display,
                    {
                        self.body = value.try_into().map_err(|e| format!("error converting supplied value for body: {e}"));
                        self
                    }
                }
            }
        }
        pub mod builder {
            pub struct Reply<'a> {
                client: &'a super::Client,
                body: Result<types::ReplyRequest, String>,
            }
            impl<'a> Reply<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, body: Err("body was not initialized".to_string()) }
                }
                pub fn body<V>(mut self, value: V) -> Self
                where
                    V: std::convert::TryInto<types::ReplyRequest>,
                {
                    self.body = value.try_into().map_err(|_| "conversion to `ReplyRequest` for body failed".to_string());
                    self
                }
            }
            pub struct Download<'a> {
                client: &'a super::Client,
                job: Result<::std::string::String, String>,
                accept: Result<types::DownloadAccept, String>,
            }
            impl<'a> Download<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self {
                        client: client,
                        job: Err("job was not initialized".to_string()),
                        accept: Err("accept was not initialized".to_string()),
                    }
                }
            }
        }
    }
}

#[test]
fn a_one_value_field_starts_filled_in_and_others_stay_required() {
    let mut file = generated();
    let applied = setters::apply(&mut file, &facts());
    assert_eq!(applied.tags, 2, "the body's tag and the accept header");
    let t = text(&file);
    assert!(
        t.contains("type_ : Ok (super :: ReplyType :: Admin)"),
        "{t}"
    );
    assert!(
        t.contains("accept : Ok (types :: DownloadAccept :: ApplicationOctetStream)"),
        "{t}"
    );
    assert!(
        t.contains("admin_id : Err (\"no value supplied for admin_id\""),
        "a required field with many values is still asked for: {t}"
    );
    assert!(
        t.contains("job : Err (\"Download: job was not initialized\""),
        "{t}"
    );
}

#[test]
fn optional_setters_take_into_option_and_required_ones_stay() {
    let mut file = generated();
    let applied = setters::apply(&mut file, &facts());
    assert_eq!(applied.setters, 1);
    let t = text(&file);
    assert!(
        t.contains("T : :: intercom_api :: IntoOption < :: std :: string :: String >"),
        "{t}"
    );
    assert!(
        t.contains("error converting supplied value for body"),
        "the error names the field: {t}"
    );
    assert!(
        t.contains("T : :: std :: convert :: TryInto < :: std :: string :: String >"),
        "a required field's setter is typify's: {t}"
    );
}

#[test]
fn text_enums_and_maps_get_conversions() {
    let mut file = generated();
    let applied = setters::apply(&mut file, &facts());
    // A text enum's, a map's five, and the one builder's (`AdminReply`).
    assert_eq!(applied.conversions, 1 + 5 + 1);
    let t = text(&file);
    assert!(
        t.contains("impl :: intercom_api :: IntoOption < MessageType > for & str"),
        "{t}"
    );
    assert!(
        t.contains(
            "impl :: std :: convert :: TryFrom < :: serde_json :: Value > for CustomAttributes"
        ),
        "{t}"
    );
    assert!(
        t.contains(":: intercom_api :: IntoOption < CustomAttributes > for [(K , V) ; N]"),
        "{t}"
    );
}

#[test]
fn a_union_takes_the_builders_of_its_alternatives() {
    let mut file = generated();
    let applied = setters::apply(&mut file, &facts());
    // AdminReply has a builder, ContactReply none; plus the operation's setter.
    assert_eq!(applied.alternatives, 1 + 1);
    let t = text(&file);
    assert!(
        t.contains("impl :: std :: convert :: TryFrom < builder :: AdminReply > for ReplyRequest"),
        "{t}"
    );
    assert!(!t.contains("TryFrom < builder :: ContactReply >"), "{t}");
    assert!(t.contains("V :: Error : :: std :: fmt :: Display"), "{t}");
    assert!(t.contains("\"Reply.body: {e}\""), "{t}");
}

#[test]
fn a_union_holding_one_type_twice_gets_no_ambiguous_conversion() {
    let mut file = generated();
    let mut f = facts();
    f.unions.insert(
        "ReplyRequest".into(),
        vec![
            ("A".into(), "AdminReply".into()),
            ("B".into(), "AdminReply".into()),
        ],
    );
    setters::apply(&mut file, &f);
    assert!(!text(&file).contains("TryFrom < builder :: AdminReply >"));
}

#[test]
fn errors_at_send_time_name_the_operation() {
    let mut file: syn::File = syn::parse_quote! {
        pub mod builder {
            pub struct CreateEvent<'a> {
                client: &'a super::Client,
                body: Result<types::builder::EventRequest, String>,
            }
            impl<'a> CreateEvent<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, body: Ok(::std::default::Default::default()) }
                }
                pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                    let Self { client, body } = self;
                    let body = body
                        .and_then(|v| types::EventRequest::try_from(v).map_err(|e| e.to_string()))
                        .map_err(Error::InvalidRequest)?;
                    todo!()
                }
            }
            pub struct ShowContact<'a> {
                client: &'a super::Client,
                contact_id: Result<::std::string::String, String>,
            }
            impl<'a> ShowContact<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, contact_id: Err("contact_id was not initialized".to_string()) }
                }
            }
        }
    };
    assert_eq!(setters::apply(&mut file, &Facts::default()).named, 2);
    let t = text(&file);
    assert!(t.contains("\"CreateEvent.body: {e}\""), "{t}");
    assert!(t.contains("types :: EventRequest :: try_from (v)"), "{t}");
    assert!(
        t.contains("\"ShowContact: contact_id was not initialized\""),
        "{t}"
    );
}

#[test]
fn send_returns_the_crate_result_and_every_call_is_a_future() {
    let mut file: syn::File = syn::parse_quote! {
        pub mod builder {
            pub struct ShowContact<'a> {
                client: &'a super::Client,
                contact_id: Result<::std::string::String, String>,
            }
            impl<'a> ShowContact<'a> {
                pub async fn send(self) -> Result<ResponseValue<types::Contact>, Error<()>> {
                    let Self { client, contact_id } = self;
                    let contact_id = contact_id.map_err(Error::InvalidRequest)?;
                    client.pre(&mut request, &info).await?;
                    let response = result?;
                    match response.status().as_u16() {
                        200u16 => { ResponseValue::from_response(response).await }
                        _ => Err(Error::UnexpectedResponse(response)),
                    }
                }
            }
        }
    };
    let applied = setters::apply(&mut file, &facts());
    assert_eq!(applied.calls, 1);
    let t = text(&file);
    for expected in [
        "-> :: intercom_api :: Result < ResponseValue < types :: Contact > >",
        "map_err (:: intercom_api :: send :: invalid)",
        "client . pre :: < () > (",
        "200u16 => :: intercom_api :: send :: json (response) . await",
        "Err (:: intercom_api :: send :: unexpected (response))",
        "impl < 'a > :: std :: future :: IntoFuture for ShowContact < 'a >",
        "type Output = :: intercom_api :: Result < types :: Contact >",
    ] {
        assert!(t.contains(expected), "{expected} in {t}");
    }
    assert!(!t.contains("from_response"), "{t}");
}

#[test]
fn lists_timestamps_and_id_items_take_what_people_pass() {
    let mut file: syn::File = syn::parse_quote! {
        pub mod types {
            #[derive(Clone, Debug, Default)]
            pub struct CompaniesItem {
                pub company_id: ::std::option::Option<::std::string::String>,
                pub id: ::std::option::Option<::std::string::String>,
            }
            pub mod builder {
                pub struct Tag {
                    companies: ::std::result::Result<::std::vec::Vec<super::CompaniesItem>, ::std::string::String>,
                    signed_up_at: ::std::result::Result<::std::option::Option<i64>, ::std::string::String>,
                    count: ::std::result::Result<i64, ::std::string::String>,
                }
                impl Tag {
                    pub fn companies<T>(mut self, value: T) -> Self where T: TryInto<Vec<super::CompaniesItem>> { self }
                    pub fn signed_up_at<T>(mut self, value: T) -> Self where T: TryInto<Option<i64>> { self }
                    pub fn count<T>(mut self, value: T) -> Self where T: TryInto<i64> { self }
                }
            }
        }
    };
    let mut f = facts();
    f.optional
        .insert("Tag".into(), ["signed_up_at".to_string()].into());
    setters::apply(&mut file, &f);
    let t = text(&file);
    for expected in [
        "T : :: intercom_api :: setters :: IntoValue < :: std :: vec :: Vec < super :: CompaniesItem > >",
        "T : :: intercom_api :: IntoOption < :: intercom_api :: setters :: UnixTime >",
        "impl :: intercom_api :: setters :: IntoValue < CompaniesItem > for & str",
        "T : TryInto < i64 >",
    ] {
        assert!(t.contains(expected), "{expected} in {t}");
    }
}

#[test]
fn a_call_parameter_that_does_not_fit_keeps_the_reason_and_names_the_call() {
    let mut ops: Vec<syn::Item> = vec![syn::parse_quote! {
        impl<'a> ListContacts<'a> {
            pub fn per_page<V>(mut self, value: V) -> Self
            where
                V: std::convert::TryInto<i64>,
            {
                self.per_page = value
                    .try_into()
                    .map(Some)
                    .map_err(|_| "conversion to `i64` for per_page failed".to_string());
                self
            }
        }
    }];
    assert_eq!(super::calls::keep_the_reason(&mut ops), 1);
    let t = quote::quote!(#(#ops)*).to_string();
    assert!(t.contains("V :: Error : :: std :: fmt :: Display"), "{t}");
    assert!(
        t.contains("format ! (\"ListContacts.per_page: {e}\")"),
        "{t}"
    );
}

#[test]
fn a_struct_field_also_takes_a_closure_over_its_builder() {
    let mut file: syn::File = syn::parse_quote! {
        pub mod types {
            pub struct Visitor { pub id: ::std::string::String }
            pub struct Convert { pub visitor: Visitor, pub user: ::std::option::Option<Visitor>, pub kind: ::std::string::String }
            pub mod builder {
                pub struct Visitor {
                    id: ::std::result::Result<::std::string::String, ::std::string::String>,
                }
                pub struct Convert {
                    visitor: ::std::result::Result<super::Visitor, ::std::string::String>,
                    user: ::std::result::Result<::std::option::Option<super::Visitor>, ::std::string::String>,
                    kind: ::std::result::Result<::std::string::String, ::std::string::String>,
                    shared: ::std::result::Result<crate::types::Shared, ::std::string::String>,
                }
                impl Convert {}
                impl ::std::default::Default for Convert {
                    fn default() -> Self { todo!() }
                }
            }
        }
    };
    let builders = [
        "Visitor".to_string(),
        "Convert".to_string(),
        "Shared".to_string(),
    ]
    .into();
    let builder = crate::syntax::module_mut(&mut file.items, "types")
        .and_then(|t| crate::syntax::module_mut(t, "builder"))
        .unwrap();
    // A type of a shared home (`crate::types::Shared`) counts too.
    assert_eq!(setters::nested::map_setters(builder, &builders), 3);
    assert!(text(&file).contains("pub fn shared_map < F >"));
    let out = text(&file);
    // One method per struct field (the `String` field gets none), in the
    // inherent impl, never in a trait impl.
    assert!(out.contains("pub fn visitor_map < F > (mut self , f : F) -> Self where F : :: std :: ops :: FnOnce (Visitor) -> Visitor"), "{out}");
    assert!(out.contains("pub fn user_map < F >"), "{out}");
    assert!(!out.contains("kind_map"), "{out}");
    // A required field starts from its value; an optional one is wrapped.
    assert!(
        out.contains("Ok (v) => :: std :: convert :: From :: from (v)"),
        "{out}"
    );
    assert!(out.contains(". map (| v | Some (v))"), "{out}");
    assert!(
        out.contains("error converting supplied value for user: {e}"),
        "{out}"
    );
    // Applied again, it adds nothing (a method of that name exists).
    let builder = crate::syntax::module_mut(&mut file.items, "types")
        .and_then(|t| crate::syntax::module_mut(t, "builder"))
        .unwrap();
    assert_eq!(setters::nested::map_setters(builder, &builders), 0);
    assert_eq!(text(&file), out);
}

#[test]
fn a_string_enum_that_refuses_a_value_names_it_and_the_values_allowed() {
    let mut types: Vec<syn::Item> = vec![
        syn::parse_quote! {
            impl ::std::str::FromStr for Role {
                type Err = self::error::ConversionError;
                fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                    match value {
                        "admin" => Ok(Self::Admin),
                        "{odd}" => Ok(Self::Odd),
                        _ => Err("invalid value".into()),
                    }
                }
            }
        },
        // An open enum's catch-all keeps the text: left alone.
        syn::parse_quote! {
            impl ::std::str::FromStr for Open {
                type Err = self::error::ConversionError;
                fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                    match value {
                        "a" => Ok(Self::A),
                        other => Ok(Self::Unknown(other.to_string())),
                    }
                }
            }
        },
    ];
    assert_eq!(setters::texts::name_allowed_values(&mut types), 1);
    let out = types
        .iter()
        .map(|i| quote::quote!(#i).to_string())
        .collect::<String>();
    // Braces in a value are escaped for `format!`.
    assert!(
        out.contains(
            r#"_ => Err (format ! ("{:?} is not one of \"admin\", \"{{odd}}\"" , value) . into ())"#
        ),
        "{out}"
    );
    assert!(
        out.contains("Ok (Self :: Unknown (other . to_string ()))"),
        "{out}"
    );
}

#[test]
fn a_struct_in_a_list_converts_from_its_builder() {
    let mut builder: Vec<syn::Item> = vec![
        syn::parse_quote! {
            pub struct Attr { name: ::std::result::Result<::std::string::String, ::std::string::String> }
        },
        syn::parse_quote! {
            pub struct Ticket {
                attrs: ::std::result::Result<::std::vec::Vec<super::Attr>, ::std::string::String>,
                tags: ::std::result::Result<::std::option::Option<::std::vec::Vec<super::Shared>>, ::std::string::String>,
                names: ::std::result::Result<::std::vec::Vec<::std::string::String>, ::std::string::String>,
            }
        },
    ];
    // Every builder defined here (`Shared` is not: its home converts it).
    assert_eq!(setters::nested::list_item_builders(&mut builder), 2);
    let last = &builder[2];
    let out = quote::quote!(#last).to_string();
    assert!(
        out.starts_with("impl :: intercom_api :: setters :: IntoValue < super :: Attr > for Attr"),
        "{out}"
    );
}

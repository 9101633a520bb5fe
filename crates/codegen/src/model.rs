//! The generated types as typify models them (its `TypeSpace`), kept as
//! plain data once a module is generated: what each named type refers to,
//! the fields of each struct (for the pagination glue), and the traits typify
//! knows each has (for replacing it in another version). The build decides
//! on this model, never on the printed Rust.

use progenitor::TypeImpl;
use std::collections::{BTreeMap, BTreeSet};
use typify::{TypeDetails, TypeEnumVariant, TypeId, TypeSpace};

/// A type as a field holds it.
#[derive(Clone, Debug)]
pub enum Shape {
    /// A type generated in the same module (`types::Name`).
    Named(String),
    /// A type named by its path: a replaced (shared or hand-written) type,
    /// or a builtin.
    Path(String),
    Option(Box<Shape>),
    Vec(Box<Shape>),
    /// Anything else (maps, tuples…), as typify names it.
    Other(proc_macro2::TokenStream),
}

/// One generated module's named types.
#[derive(Default)]
pub struct TypeModel {
    /// Named type → the named types and paths it refers to.
    pub refs: BTreeMap<String, BTreeSet<String>>,
    /// Struct → its fields (Rust names) and their shapes.
    pub fields: BTreeMap<String, Vec<(String, Shape)>>,
    /// Named type → the traits typify knows it implements.
    pub impls: BTreeMap<String, Vec<TypeImpl>>,
    /// Enum of one value (a tag: `type: "admin"`) → that value's variant.
    pub tags: BTreeMap<String, String>,
    /// Enum of plain values (`"comment"`, `"note"`) → its variants.
    pub texts: BTreeMap<String, Vec<String>>,
    /// Newtype around a map (custom attributes).
    pub maps: BTreeSet<String>,
    /// Newtype around text (a constrained string): it converts from `&str`.
    pub texts_wrapped: BTreeSet<String>,
    /// Union → its alternatives that hold one named type: (variant, type).
    pub unions: BTreeMap<String, Vec<(String, String)>>,
    /// "An id or an object": a union with an `Id(String)` alternative, or a
    /// struct of optional fields with an `id`; a list of them takes plain
    /// ids (the setters' `id_items` rule).
    pub ids: BTreeSet<String>,
}

const IMPLS: [TypeImpl; 4] = [
    TypeImpl::FromStr,
    TypeImpl::FromStringIrrefutable,
    TypeImpl::Display,
    TypeImpl::Default,
];

impl TypeModel {
    /// Reads the named types of `space`.
    pub fn read(space: &TypeSpace) -> TypeModel {
        let mut model = TypeModel::default();
        for t in space.iter_types() {
            let children: Vec<TypeId> = match t.details() {
                TypeDetails::Struct(s) => {
                    let fields: Vec<(String, Shape)> = s
                        .properties()
                        .map(|(name, id)| (name.to_string(), shape(space, &id)))
                        .collect();
                    if takes_an_id(&fields) {
                        model.ids.insert(t.name());
                    }
                    model.fields.insert(t.name(), fields);
                    s.properties().map(|(_, id)| id).collect()
                }
                TypeDetails::Enum(e) => {
                    read_enum(space, &t.name(), &e, &mut model);
                    e.variants()
                        .flat_map(|(_, v)| match v {
                            TypeEnumVariant::Simple => Vec::new(),
                            TypeEnumVariant::Tuple(ids) => ids,
                            TypeEnumVariant::Struct(props) => {
                                props.into_iter().map(|(_, id)| id).collect()
                            }
                        })
                        .collect()
                }
                TypeDetails::Newtype(n) => {
                    let is_map = space
                        .get_type(&n.inner())
                        .is_ok_and(|i| matches!(i.details(), TypeDetails::Map(..)));
                    if is_map {
                        model.maps.insert(t.name());
                    }
                    let is_text = space
                        .get_type(&n.inner())
                        .is_ok_and(|i| matches!(i.details(), TypeDetails::String));
                    if is_text {
                        model.texts_wrapped.insert(t.name());
                    }
                    vec![n.inner()]
                }
                _ => continue,
            };
            let mut refs = BTreeSet::new();
            for id in &children {
                leaves(space, id, &mut refs);
            }
            let impls = IMPLS.into_iter().filter(|i| t.has_impl(*i)).collect();
            model.impls.insert(t.name(), impls);
            model.refs.insert(t.name(), refs);
        }
        model
    }

    /// The named types (and paths) reachable from `roots`, `roots` included.
    pub fn reachable(&self, roots: impl IntoIterator<Item = String>) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = roots.into_iter().collect();
        while let Some(t) = todo.pop() {
            if let Some(next) = self.refs.get(&t) {
                todo.extend(next.iter().filter(|n| !seen.contains(*n)).cloned());
            }
            seen.insert(t);
        }
        seen
    }
}

/// What the builders' setters need to know of an enum: a tag, plain
/// values, or a union of named alternatives.
fn read_enum(space: &TypeSpace, name: &str, e: &typify::TypeEnum, model: &mut TypeModel) {
    let variants: Vec<(&str, TypeEnumVariant)> = e.variants().collect();
    if variants
        .iter()
        .all(|(_, v)| matches!(v, TypeEnumVariant::Simple))
    {
        let names: Vec<String> = variants.iter().map(|(n, _)| n.to_string()).collect();
        if let [only] = &names[..] {
            model.tags.insert(name.to_string(), only.clone());
        }
        model.texts.insert(name.to_string(), names);
        return;
    }
    let id = variants.iter().any(|(n, v)| {
        *n == "Id" && matches!(v, TypeEnumVariant::Tuple(ids) if ids.len() == 1 && is_text(&shape(space, &ids[0])))
    });
    if id {
        model.ids.insert(name.to_string());
    }
    let alternatives: Vec<(String, String)> = variants
        .iter()
        .filter_map(|(n, v)| match v {
            TypeEnumVariant::Tuple(ids) if ids.len() == 1 => match shape(space, &ids[0]) {
                Shape::Named(t) => Some((n.to_string(), t)),
                // A type generated elsewhere (shared by several versions):
                // named by its Rust name, as its builder is re-exported.
                Shape::Path(p) if p.starts_with("crate::") => {
                    Some((n.to_string(), p.rsplit("::").next()?.to_string()))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    if !alternatives.is_empty() {
        model.unions.insert(name.to_string(), alternatives);
    }
}

/// Whether a shape is text (`String`).
fn is_text(shape: &Shape) -> bool {
    match shape {
        Shape::Path(p) => p.replace(' ', "").ends_with("::String") || p == "String",
        Shape::Other(t) => t.to_string().replace(' ', "").ends_with("::String"),
        _ => false,
    }
}

/// A struct of more than one field, all optional, one an `id` of text.
fn takes_an_id(fields: &[(String, Shape)]) -> bool {
    let all_optional = fields.iter().all(|(_, s)| matches!(s, Shape::Option(_)));
    let id = fields
        .iter()
        .any(|(n, s)| n == "id" && matches!(s, Shape::Option(i) if is_text(i)));
    fields.len() > 1 && all_optional && id
}

fn shape(space: &TypeSpace, id: &TypeId) -> Shape {
    let Ok(t) = space.get_type(id) else {
        return Shape::Other(quote::quote!(()));
    };
    let details = t.details();
    match details {
        TypeDetails::Enum(_) | TypeDetails::Struct(_) | TypeDetails::Newtype(_) => {
            Shape::Named(t.name())
        }
        TypeDetails::Option(inner) => Shape::Option(Box::new(shape(space, &inner))),
        TypeDetails::Vec(inner) => Shape::Vec(Box::new(shape(space, &inner))),
        TypeDetails::Builtin(path) => Shape::Path(path.to_string()),
        _ => Shape::Other(t.ident()),
    }
}

/// The named types and paths behind `id`, through lists, maps, boxes…
fn leaves(space: &TypeSpace, id: &TypeId, out: &mut BTreeSet<String>) {
    let Ok(t) = space.get_type(id) else { return };
    let details = t.details();
    match details {
        TypeDetails::Enum(_) | TypeDetails::Struct(_) | TypeDetails::Newtype(_) => {
            out.insert(t.name());
        }
        TypeDetails::Builtin(path) => {
            out.insert(path.to_string());
        }
        TypeDetails::Option(i)
        | TypeDetails::Vec(i)
        | TypeDetails::Set(i)
        | TypeDetails::Box(i)
        | TypeDetails::Array(i, _) => leaves(space, &i, out),
        TypeDetails::Map(k, v) => {
            leaves(space, &k, out);
            leaves(space, &v, out);
        }
        TypeDetails::Tuple(ids) => ids.for_each(|i| leaves(space, &i, out)),
        TypeDetails::Unit | TypeDetails::String => {}
    };
}

/// Drops typify's struct builders (`types::builder::X` and `X::builder()`)
/// of the types not in `keep`: answers are decoded, not built. Returns how
/// many builders were dropped.
pub fn prune_builders(types: &mut Vec<syn::Item>, keep: &BTreeSet<String>) -> usize {
    let kept = |ty: &syn::Type| match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .is_none_or(|s| keep.contains(&s.ident.to_string())),
        _ => true,
    };
    for item in types.iter_mut() {
        if let syn::Item::Impl(i) = item {
            if i.trait_.is_none() && !kept(&i.self_ty) {
                i.items
                    .retain(|f| !matches!(f, syn::ImplItem::Fn(f) if f.sig.ident == "builder"));
            }
        }
    }
    types.retain(
        |item| !matches!(item, syn::Item::Impl(i) if i.items.is_empty() && i.trait_.is_none()),
    );
    let Some(builder) = crate::syntax::module_mut(types, "builder") else {
        return 0;
    };
    let mut dropped = 0;
    builder.retain(|item| match item {
        syn::Item::Struct(s) => {
            let keep = keep.contains(&s.ident.to_string());
            dropped += usize::from(!keep);
            keep
        }
        syn::Item::Impl(i) => kept(&i.self_ty),
        _ => true,
    });
    dropped
}

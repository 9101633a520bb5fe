//! Closed lists of wire strings that keep a value they do not know: the
//! search operators and the webhook topics.

/// An enum over wire strings, with a catch-all variant that keeps any other
/// value as sent, `as_str` / `from_wire`, `Display`, and serde as the string.
macro_rules! wire_vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$doc:meta])* $variant:ident = $wire:literal,)*
        }
        $(#[$other_doc:meta])* $other:ident
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$doc])* #[doc = concat!("`", $wire, "`")] $variant,)*
            $(#[$other_doc])*
            $other(String),
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::$other(s) => s,
                }
            }

            /// Reads a wire value; one this crate does not know is kept.
            pub fn from_wire(s: &str) -> $name {
                match s {
                    $($wire => $name::$variant,)*
                    other => $name::$other(other.to_string()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as ::serde::Deserialize>::deserialize(d)?;
                Ok($name::from_wire(&s))
            }
        }
    };
}

pub(crate) use wire_vocabulary;

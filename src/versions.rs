//! The version modules, written once for every version.
//!
//! The generator (`intercom-api-generated`'s build script) writes one call,
//! `version_modules! { "v2_14" v2_14 intercom_api_v2_14 "2.14" 150 ""; … }`,
//! one line of data per enabled version, into a file of its output directory
//! that the crate root includes. Each version's code is a crate of its own
//! (`intercom-api-v2-14`, …), which its module re-exports whole.

/// The version modules, `VERSIONS`, and (for the tools and tests) the tables
/// that list every compiled version.
macro_rules! version_modules {
    ($($feature:literal $module:ident $krate:ident $version:literal $operations:literal $note:literal;)*) => {
        $(
            #[cfg(feature = $feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = $feature)))]
            #[doc = concat!(
                "Intercom API ", $version, ": the generated client and types for its ",
                $operations, " operations (feature `", $feature, "`)."
            )]
            #[doc = ""]
            #[doc = $note]
            pub mod $module {
                #[doc(inline)]
                pub use ::$krate::*;
            }
        )*

        // Each table lists a version only where its feature is on: the
        // generator writes a line for every version any crate of the build
        // asked it for, which can be more than this crate's features.

        /// The API versions compiled into this build (one per enabled feature).
        pub const VERSIONS: &[&str] = &[$(#[cfg(feature = $feature)] $version),*];

        /// Every compiled version's tables (this crate's tests).
        #[cfg(feature = "__test-support")]
        #[doc(hidden)]
        pub const VERSION_DATA: &[$crate::VersionData] = &[$(#[cfg(feature = $feature)] $module::DATA),*];

        /// Every compiled version's mock data (`intercom_api::mock`).
        #[cfg(feature = "mock")]
        #[doc(hidden)]
        pub static MOCK_VERSIONS: &[&$crate::mock::VersionMock] = &[$(#[cfg(feature = $feature)] &$module::MOCK),*];

        /// Every compiled version's operations and answer decoder.
        #[cfg(feature = "conformance")]
        pub(crate) const DECODERS: &[(&str, &[$crate::Operation], $crate::conformance::Decoder)] =
            &[$(#[cfg(feature = $feature)] ($version, $module::OPERATIONS, $module::decode_answer)),*];
    };
}

pub(crate) use version_modules;

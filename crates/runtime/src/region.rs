//! Intercom's regional API hosts.

use std::fmt;
use std::str::FromStr;

/// The region an Intercom workspace is hosted in. Each has its own API host;
/// a token only works against its workspace's region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Region {
    /// United States: `https://api.intercom.io` (the default).
    #[default]
    Us,
    /// Europe: `https://api.eu.intercom.io`.
    Eu,
    /// Australia: `https://api.au.intercom.io`.
    Au,
}

impl Region {
    /// Every region, in a stable order.
    pub const ALL: [Region; 3] = [Region::Us, Region::Eu, Region::Au];

    /// The base URL of the region's API host.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Us => "https://api.intercom.io",
            Region::Eu => "https://api.eu.intercom.io",
            Region::Au => "https://api.au.intercom.io",
        }
    }

    /// The short name: `us`, `eu` or `au`.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::Au => "au",
        }
    }
}

impl Region {
    /// The name Intercom gives the region (`app.region` of `GET /me`):
    /// `United States`, `Europe` or `Australia`.
    pub fn name(self) -> &'static str {
        match self {
            Region::Us => "United States",
            Region::Eu => "Europe",
            Region::Au => "Australia",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = crate::Error;

    /// Parses `us`, `eu` or `au`, and the names Intercom gives a
    /// workspace's region (`app.region` of `GET /me`): `United States`,
    /// `Europe`, `Australia`; case-insensitively, ignoring surrounding space.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Region::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(t) || r.name().eq_ignore_ascii_case(t))
            .ok_or_else(|| crate::Error::InvalidRegion {
                value: s.to_string(),
            })
    }
}

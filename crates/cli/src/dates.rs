//! Dates and durations on the command line.

use chrono::{DateTime, NaiveDate};

/// A date: `2024-05-01`, `2024-05-01T12:00:00Z` (RFC 3339) or Unix seconds.
pub fn parse_date(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<i64>() {
        return Ok(secs);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp());
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        if let Some(t) = d.and_hms_opt(0, 0, 0) {
            return Ok(t.and_utc().timestamp());
        }
    }
    Err(format!(
        "`{s}` is not a date: use 2024-05-01, 2024-05-01T12:00:00Z or Unix seconds"
    ))
}

/// A duration: `90s`, `10m`, `2h`, `1d`, or seconds.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: i64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration: use 90s, 10m, 2h or 1d"))?;
    let k = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("`{s}` is not a duration: use 90s, 10m, 2h or 1d")),
    };
    Ok(n * k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_durations() {
        assert_eq!(parse_date("1970-01-02"), Ok(86_400));
        assert_eq!(parse_date("1970-01-01T00:01:00Z"), Ok(60));
        assert_eq!(parse_date("1700000000"), Ok(1_700_000_000));
        assert!(parse_date("yesterday").is_err());
        assert!(parse_date("2024-13-01").is_err());
        assert_eq!(parse_duration("10m"), Ok(600));
        assert_eq!(parse_duration("2h"), Ok(7200));
        assert_eq!(parse_duration("45"), Ok(45));
        assert!(parse_duration("5w").is_err());
    }
}

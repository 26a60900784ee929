//! TMX creation dates (`YYYYMMDDThhmmssZ`, TMX 1.4b §3.2 "creationdate", ISO 8601 basic
//! format in UTC) without a date library.

/// Formats Unix seconds as `YYYYMMDDThhmmssZ`.
///
/// The civil-date conversion is Howard Hinnant's `civil_from_days` algorithm
/// ("chrono-Compatible Low-Level Date Algorithms", 2013).
pub fn format_unix(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses a user-given creation date: RFC 3339 in UTC (`2026-01-01T00:00:00Z`) or the
/// TMX basic form (`20260101T000000Z`). Returns the TMX basic form.
///
/// Errors: any other shape, or out-of-range fields, as a one-line message.
pub fn parse_user_date(s: &str) -> Result<String, String> {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let shape_ok = {
        let b = s.as_bytes();
        (s.len() == 20
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && b[19] == b'Z')
            || (s.len() == 16 && b[8] == b'T' && b[15] == b'Z')
    };
    if !shape_ok || digits.len() != 14 {
        return Err(format!(
            "invalid creation date '{s}': expected YYYY-MM-DDThh:mm:ssZ (UTC), e.g. 2026-01-01T00:00:00Z"
        ));
    }
    let n = |a: usize, b: usize| digits[a..b].parse::<u32>().unwrap_or(99);
    let (mo, d, h, mi, se) = (n(4, 6), n(6, 8), n(8, 10), n(10, 12), n(12, 14));
    let y = n(0, 4);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&mo)
        || d < 1
        || d > days[(mo - 1) as usize]
        || h > 23
        || mi > 59
        || se > 59
    {
        return Err(format!(
            "invalid creation date '{s}': a field is out of range"
        ));
    }
    Ok(format!("{}T{}Z", &digits[..8], &digits[8..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(format_unix(0), "19700101T000000Z");
        assert_eq!(format_unix(1_542_800_000), "20181121T113320Z");
        assert_eq!(format_unix(1_709_208_000), "20240229T120000Z");
        assert_eq!(
            parse_user_date("2026-01-01T00:00:00Z").unwrap(),
            "20260101T000000Z"
        );
        assert_eq!(
            parse_user_date("20181121T113320Z").unwrap(),
            "20181121T113320Z"
        );
        assert!(parse_user_date("2026-13-01T00:00:00Z").is_err());
        assert!(parse_user_date("2026-02-29T00:00:00Z").is_err());
        assert!(parse_user_date("2024-02-29T00:00:00Z").is_ok());
        assert!(parse_user_date("2026-04-31T00:00:00Z").is_err());
        assert!(parse_user_date("yesterday").is_err());
    }
}

//! Calendar arithmetic and formatting for the `time` module, in safe Rust.
//!
//! The proleptic-Gregorian arithmetic (days <-> civil dates, weekdays, ISO
//! weeks) is done here; the local time zone (the `TZ` variable, else
//! `/etc/localtime`, read from the system zoneinfo) comes from `jiff`. The
//! behaviour follows glibc as CPython uses it: `mktime` normalizes
//! out-of-range fields and honours `tm_isdst`, and `strftime` implements the
//! C-locale conversions of glibc (`%Z` of a plain tuple is `tzname[isdst]`).

use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::Timestamp;

/// A broken-down time, like C's `struct tm` but with Python's conventions
/// for the month (1-12), weekday (Monday = 0) and year day (1-366).
#[derive(Clone, Debug)]
pub struct Tm {
    pub year: i64,
    pub mon: i64,
    pub mday: i64,
    pub hour: i64,
    pub min: i64,
    pub sec: i64,
    pub wday: i64,
    pub yday: i64,
    pub isdst: i64,
    /// Zone abbreviation; `None` for a plain 9-tuple.
    pub zone: Option<String>,
    /// Seconds east of UTC.
    pub gmtoff: i64,
}

/// Days since 1970-01-01 of a proleptic-Gregorian date (month 1-12).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The civil date (year, month 1-12, day) of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// The broken-down UTC time of `secs` shifted by `off` seconds.
fn breakdown(secs: i64, off: i64) -> Tm {
    let local = secs + off;
    let days = local.div_euclid(86400);
    let rem = local.rem_euclid(86400);
    let (year, mon, mday) = civil_from_days(days);
    Tm {
        year,
        mon,
        mday,
        hour: rem / 3600,
        min: rem / 60 % 60,
        sec: rem % 60,
        // 1970-01-01 was a Thursday (3 with Monday = 0).
        wday: (days + 3).rem_euclid(7),
        yday: days - days_from_civil(year, 1, 1) + 1,
        isdst: 0,
        zone: None,
        gmtoff: off,
    }
}

/// Valid seconds for the calendar functions (years 1..9999 or so).
const MAX_SECS: i64 = 253_402_300_799;
const MIN_SECS: i64 = -62_135_596_800;

fn in_range(secs: i64) -> bool {
    (MIN_SECS..=MAX_SECS).contains(&secs)
}

fn timestamp(secs: i64) -> Option<Timestamp> {
    Timestamp::from_second(secs).ok()
}

/// `gmtime(secs)`; `None` when out of range.
pub fn gmtime(secs: i64) -> Option<Tm> {
    if !in_range(secs) {
        return None;
    }
    let mut tm = breakdown(secs, 0);
    tm.zone = Some("GMT".to_string());
    Some(tm)
}

/// `localtime(secs)` in the system time zone; `None` when out of range.
pub fn localtime(secs: i64) -> Option<Tm> {
    if !in_range(secs) {
        return None;
    }
    let tz = TimeZone::system();
    let info = tz.to_offset_info(timestamp(secs)?);
    let off = i64::from(info.offset().seconds());
    let mut tm = breakdown(secs, off);
    tm.isdst = i64::from(info.dst().is_dst());
    tm.zone = Some(info.abbreviation().to_string());
    Some(tm)
}

/// Local seconds (as if UTC) of a broken-down time, normalizing out-of-range
/// months, days, hours, minutes and seconds as C's `mktime` does.
fn naive_secs(tm: &Tm) -> Option<i64> {
    let m0 = tm.mon.checked_sub(1)?;
    let year = tm.year.checked_add(m0.div_euclid(12))?;
    let mon = m0.rem_euclid(12) + 1;
    if !(-1_000_000..=1_000_000).contains(&year) {
        return None;
    }
    let days = days_from_civil(year, mon, 1).checked_add(tm.mday.checked_sub(1)?)?;
    days.checked_mul(86400)?
        .checked_add(tm.hour.checked_mul(3600)?)?
        .checked_add(tm.min.checked_mul(60)?)?
        .checked_add(tm.sec)
}

/// The nearest offset of the zone whose DST flag is `dst`, looking up to a
/// year either side of `secs` (glibc's adjustment for a mismatched isdst).
fn offset_with_dst(tz: &TimeZone, secs: i64, dst: bool) -> Option<i64> {
    for step in 0..=13 {
        for delta in [-step * 28 * 86400, step * 28 * 86400] {
            let Some(t) = timestamp(secs + delta) else {
                continue;
            };
            let info = tz.to_offset_info(t);
            if info.dst().is_dst() == dst {
                return Some(i64::from(info.offset().seconds()));
            }
        }
    }
    None
}

/// `mktime(tm)`: seconds since the epoch of a local broken-down time.
pub fn mktime(tm: &Tm) -> Option<i64> {
    let naive = naive_secs(tm)?;
    if !in_range(naive) {
        return None;
    }
    let tz = TimeZone::system();
    let (y, mo, d) = civil_from_days(naive.div_euclid(86400));
    let rem = naive.rem_euclid(86400);
    let dt = jiff::civil::date(y as i16, mo as i8, d as i8).at(
        (rem / 3600) as i8,
        (rem / 60 % 60) as i8,
        (rem % 60) as i8,
        0,
    );
    let secs = |o: jiff::tz::Offset| naive - i64::from(o.seconds());
    let is_dst = |o: jiff::tz::Offset| {
        timestamp(secs(o)).is_some_and(|t| tz.to_offset_info(t).dst().is_dst())
    };
    // Each candidate offset with its DST flag. In a gap each candidate's
    // instant falls on the other side of the transition, so the flags swap.
    let (first, candidates) = match tz.to_ambiguous_timestamp(dt).offset() {
        AmbiguousOffset::Unambiguous { offset } => (offset, vec![(offset, is_dst(offset))]),
        // In a gap the offset before the transition applies; in a fold the
        // earlier instant (both as glibc with tm_isdst = -1).
        AmbiguousOffset::Gap { before, after } => (
            before,
            vec![(before, is_dst(after)), (after, is_dst(before))],
        ),
        AmbiguousOffset::Fold { before, after } => (
            before,
            vec![(before, is_dst(before)), (after, is_dst(after))],
        ),
    };
    if tm.isdst < 0 {
        return Some(secs(first));
    }
    let want = tm.isdst > 0;
    if let Some(&(o, _)) = candidates.iter().find(|&&(_, d)| d == want) {
        return Some(secs(o));
    }
    let t = secs(first);
    Some(match offset_with_dst(&tz, t, want) {
        Some(other) => naive - other,
        // A zone without DST: glibc assumes DST would be one hour ahead.
        None if want => t - 3600,
        None => t + 3600,
    })
}

/// The standard and DST abbreviations of the local zone around the time of
/// `tm` (what glibc's `tzname` holds after converting that time; `%Z` of a
/// plain tuple uses it).
pub fn tzname_for(tm: &Tm) -> (String, String) {
    tzname(naive_secs(tm).filter(|&t| in_range(t)).unwrap_or(0))
}

/// The standard and DST abbreviations of the local zone around `now`.
pub fn tzname(now: i64) -> (String, String) {
    let tz = TimeZone::system();
    let mut std_name = None;
    let mut dst_name = None;
    for delta in (0..=13).flat_map(|step| [-step * 28 * 86400, step * 28 * 86400]) {
        if let Some(t) = timestamp(now + delta) {
            let info = tz.to_offset_info(t);
            let slot = if info.dst().is_dst() {
                &mut dst_name
            } else {
                &mut std_name
            };
            slot.get_or_insert_with(|| info.abbreviation().to_string());
        }
    }
    let std_name = std_name.unwrap_or_else(|| "UTC".to_string());
    let dst_name = dst_name.unwrap_or_else(|| std_name.clone());
    (std_name, dst_name)
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn day_name(tm: &Tm) -> &'static str {
    DAYS[tm.wday.rem_euclid(7) as usize]
}

fn month_name(tm: &Tm) -> &'static str {
    MONTHS[(tm.mon - 1).rem_euclid(12) as usize]
}

/// ISO 8601 (year, week) of a broken-down time.
fn iso_week(tm: &Tm) -> (i64, i64) {
    let yday0 = tm.yday - 1;
    let wday = tm.wday.rem_euclid(7); // Monday = 0
    let week = (yday0 - wday + 10) / 7;
    if week < 1 {
        let py = tm.year - 1;
        let pdays = if is_leap(py) { 366 } else { 365 };
        let pyday = yday0 + pdays;
        return (py, (pyday - wday + 10) / 7);
    }
    let days = if is_leap(tm.year) { 366 } else { 365 };
    if week == 53 && yday0 - wday + 3 >= days {
        return (tm.year + 1, 1);
    }
    (tm.year, week)
}

/// Appends `n` padded to `width` (flag `-`: no padding, `_`: spaces).
fn num(out: &mut String, n: i64, width: usize, pad: char, flag: Option<char>) {
    let pad = match flag {
        Some('-') => {
            out.push_str(&n.to_string());
            return;
        }
        Some('_') => ' ',
        Some('0') => '0',
        _ => pad,
    };
    let s = n.abs().to_string();
    if n < 0 {
        out.push('-');
    }
    for _ in s.len() + usize::from(n < 0)..width {
        out.push(pad);
    }
    out.push_str(&s);
}

fn text(out: &mut String, s: &str, flag: Option<char>) {
    if flag == Some('^') {
        out.push_str(&s.to_uppercase());
    } else {
        out.push_str(s);
    }
}

/// `strftime(fmt, tm)` with glibc's C-locale conversions. `tzname` gives
/// `%Z` for a time without its own zone name.
pub fn strftime(fmt: &str, tm: &Tm, tzname: &(String, String)) -> String {
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let flag = match chars.peek() {
            Some(&f @ ('-' | '_' | '0' | '^')) => {
                chars.next();
                Some(f)
            }
            _ => None,
        };
        let Some(d) = chars.next() else {
            out.push('%');
            break;
        };
        let hour12 = if tm.hour % 12 == 0 { 12 } else { tm.hour % 12 };
        let wday_c = (tm.wday + 1).rem_euclid(7); // Sunday = 0
        match d {
            'a' => text(&mut out, &day_name(tm)[..3], flag),
            'A' => text(&mut out, day_name(tm), flag),
            'b' | 'h' => text(&mut out, &month_name(tm)[..3], flag),
            'B' => text(&mut out, month_name(tm), flag),
            'c' => out.push_str(&strftime("%a %b %e %H:%M:%S %Y", tm, tzname)),
            'C' => num(&mut out, tm.year.div_euclid(100), 2, '0', flag),
            'd' => num(&mut out, tm.mday, 2, '0', flag),
            'D' | 'x' => out.push_str(&strftime("%m/%d/%y", tm, tzname)),
            'e' => num(&mut out, tm.mday, 2, ' ', flag),
            'F' => out.push_str(&strftime("%Y-%m-%d", tm, tzname)),
            'G' => num(&mut out, iso_week(tm).0, 1, '0', flag),
            'g' => num(&mut out, iso_week(tm).0.rem_euclid(100), 2, '0', flag),
            'V' => num(&mut out, iso_week(tm).1, 2, '0', flag),
            'H' => num(&mut out, tm.hour, 2, '0', flag),
            'I' => num(&mut out, hour12, 2, '0', flag),
            'j' => num(&mut out, tm.yday, 3, '0', flag),
            'k' => num(&mut out, tm.hour, 2, ' ', flag),
            'l' => num(&mut out, hour12, 2, ' ', flag),
            'm' => num(&mut out, tm.mon, 2, '0', flag),
            'M' => num(&mut out, tm.min, 2, '0', flag),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'p' => out.push_str(if tm.hour < 12 { "AM" } else { "PM" }),
            'P' => out.push_str(if tm.hour < 12 { "am" } else { "pm" }),
            'r' => out.push_str(&strftime("%I:%M:%S %p", tm, tzname)),
            'R' => out.push_str(&strftime("%H:%M", tm, tzname)),
            'T' | 'X' => out.push_str(&strftime("%H:%M:%S", tm, tzname)),
            's' => {
                let mut t = tm.clone();
                t.wday = 0;
                num(&mut out, mktime(&t).unwrap_or(-1), 1, '0', flag)
            }
            'S' => num(&mut out, tm.sec, 2, '0', flag),
            'u' => num(&mut out, tm.wday.rem_euclid(7) + 1, 1, '0', flag),
            'w' => num(&mut out, wday_c, 1, '0', flag),
            'U' => num(&mut out, (tm.yday - 1 + 7 - wday_c) / 7, 2, '0', flag),
            'W' => num(
                &mut out,
                (tm.yday - 1 + 7 - tm.wday.rem_euclid(7)) / 7,
                2,
                '0',
                flag,
            ),
            'y' => num(&mut out, tm.year.rem_euclid(100), 2, '0', flag),
            'Y' => num(&mut out, tm.year, 1, '0', flag),
            'z' => {
                if tm.isdst >= 0 || tm.zone.is_some() {
                    let off = tm.gmtoff;
                    out.push(if off < 0 { '-' } else { '+' });
                    let a = off.abs() / 60;
                    num(&mut out, a / 60 * 100 + a % 60, 4, '0', None);
                }
            }
            'Z' => match &tm.zone {
                Some(z) => out.push_str(z),
                None => match tm.isdst {
                    0 => out.push_str(&tzname.0),
                    1.. => out.push_str(&tzname.1),
                    _ => {}
                },
            },
            '%' => out.push('%'),
            other => {
                out.push('%');
                if let Some(f) = flag {
                    out.push(f);
                }
                out.push(other);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_roundtrip() {
        for d in [-800_000, -1, 0, 59, 365, 11_016, 2_932_896] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }

    #[test]
    fn iso_weeks() {
        // 2021-01-01 (Friday) is in ISO week 53 of 2020.
        let tm = breakdown(days_from_civil(2021, 1, 1) * 86400, 0);
        assert_eq!(iso_week(&tm), (2020, 53));
        // 2024-12-30 (Monday) is in ISO week 1 of 2025.
        let tm = breakdown(days_from_civil(2024, 12, 30) * 86400, 0);
        assert_eq!(iso_week(&tm), (2025, 1));
    }
}

//! The `time` module: clocks, `sleep` (with the GIL released), and the
//! calendar functions (`localtime`, `gmtime`, `mktime`, `strftime`, `ctime`)
//! in safe Rust (`timefmt`, with the system time zone read by `jiff`), so
//! time zones behave as in CPython on glibc.

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::ops;
use conc_interp::prelude::*;

use crate::timefmt::{self, Tm};
use crate::util::{arity, exec_in_module, float_arg, index_i64, new_module};

/// Wall-clock time since the Unix epoch (negative before it).
fn since_epoch() -> (i64, i64) {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, i64::from(d.subsec_nanos())),
        Err(e) => {
            let d = e.duration();
            let ns = -(d.as_nanos() as i128);
            (
                ns.div_euclid(1_000_000_000) as i64,
                ns.rem_euclid(1_000_000_000) as i64,
            )
        }
    }
}

/// The monotonic clock: time since a fixed instant taken the first time any
/// clock is read (Python leaves the reference point undefined).
fn since_start() -> Duration {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

fn process_cpu() -> Duration {
    cpu_time::ProcessTime::try_now()
        .map(|t| t.as_duration())
        .unwrap_or_default()
}

fn thread_cpu() -> Duration {
    cpu_time::ThreadTime::try_now()
        .map(|t| t.as_duration())
        .unwrap_or_default()
}

fn wall() -> Duration {
    let (s, ns) = since_epoch();
    // Only the sum matters below; a pre-epoch clock is not worth more.
    Duration::new(s.max(0) as u64, ns as u32)
}

fn secs(d: Duration) -> Value {
    Value::Float(d.as_secs_f64())
}

fn nanos(d: Duration) -> Value {
    Value::Int(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

macro_rules! clocks {
    ($($name:ident, $ns:ident => $clock:expr;)*) => {
        $(fn $name(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
            arity(stringify!($name), &args, 0, 0)?;
            Ok(secs($clock()))
        }
        fn $ns(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
            arity(stringify!($ns), &args, 0, 0)?;
            Ok(nanos($clock()))
        })*
    };
}

clocks! {
    time, time_ns => wall;
    perf_counter, perf_counter_ns => since_start;
    monotonic, monotonic_ns => since_start;
    process_time, process_time_ns => process_cpu;
    thread_time, thread_time_ns => thread_cpu;
}

fn sleep(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("sleep", &args, 1, 1)?;
    let s = float_arg(vm, &args.pos()[0])?;
    if s.is_nan() {
        return Err(Error::value_error("Invalid value NaN (not a number)"));
    }
    if s < 0.0 {
        return Err(Error::value_error("sleep length must be non-negative"));
    }
    let d = std::time::Duration::try_from_secs_f64(s)
        .map_err(|_| Error::overflow_error("sleep length is too large"))?;
    // Releases the GIL; Ctrl-C ends it in the main thread.
    vm.sleep(d)?;
    Ok(Value::None)
}

fn out_of_range() -> Error {
    Error::overflow_error("timestamp out of range for platform time_t")
}

/// The seconds argument of the calendar functions (None or absent = now).
fn when(vm: &mut Vm, args: &Args<'_>) -> PyResult<i64> {
    match args.pos().first() {
        None | Some(Value::None) => Ok(since_epoch().0),
        Some(v) => {
            let f = float_arg(vm, v)?;
            if !f.is_finite() || f.abs() > 1e17 {
                return Err(out_of_range());
            }
            Ok(f.floor() as i64)
        }
    }
}

/// A broken-down time as the 9-tuple plus zone name and offset.
fn tm_tuple(tm: &Tm) -> Value {
    Value::tuple(vec![
        Value::Int(tm.year),
        Value::Int(tm.mon),
        Value::Int(tm.mday),
        Value::Int(tm.hour),
        Value::Int(tm.min),
        Value::Int(tm.sec),
        Value::Int(tm.wday),
        Value::Int(tm.yday),
        Value::Int(tm.isdst),
        Value::string(tm.zone.clone().unwrap_or_default()),
        Value::Int(tm.gmtoff),
    ])
}

fn localtime_raw(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("localtime", &args, 0, 1)?;
    let t = when(vm, &args)?;
    let tm = timefmt::localtime(t).ok_or_else(out_of_range)?;
    Ok(tm_tuple(&tm))
}

fn gmtime_raw(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("gmtime", &args, 0, 1)?;
    let t = when(vm, &args)?;
    let tm = timefmt::gmtime(t).ok_or_else(out_of_range)?;
    Ok(tm_tuple(&tm))
}

/// A `Tm` from a 9-sequence (tuple or struct_time; a struct_time also
/// carries its zone name and offset, as in CPython).
fn tm_from(vm: &mut Vm, v: &Value) -> PyResult<Tm> {
    let items = ops::collect(vm, v)?;
    if items.len() < 9 {
        return Err(Error::type_error("time tuple must have 9 elements"));
    }
    let mut f = [0i64; 9];
    for (slot, item) in f.iter_mut().zip(&items) {
        *slot = index_i64(vm, item)?;
    }
    let mut zone = None;
    let mut gmtoff = 0;
    let is_instance = v
        .as_obj()
        .is_some_and(|o| matches!(**o, conc_interp::object::Object::Instance(_)));
    if is_instance {
        if let Some(z) = vm.get_attr_opt(v, "tm_zone")? {
            zone = z.as_str().map(str::to_string);
        }
        if let Some(off) = vm.get_attr_opt(v, "tm_gmtoff")? {
            gmtoff = index_i64(vm, &off).unwrap_or(0);
        }
    }
    Ok(Tm {
        year: f[0],
        mon: f[1],
        mday: f[2],
        hour: f[3],
        min: f[4],
        sec: f[5],
        wday: f[6],
        yday: f[7],
        isdst: f[8],
        zone,
        gmtoff,
    })
}

/// CPython's `strftime` argument checks (after mapping 0 to 1 in the month,
/// day and year-day fields).
fn checked(mut tm: Tm) -> PyResult<Tm> {
    for f in [&mut tm.mon, &mut tm.mday, &mut tm.yday] {
        if *f == 0 {
            *f = 1;
        }
    }
    tm.isdst = tm.isdst.clamp(-1, 1);
    let checks: [(i64, i64, i64, &str); 6] = [
        (tm.mon, 1, 12, "month out of range"),
        (tm.mday, 1, 31, "day of month out of range"),
        (tm.hour, 0, 23, "hour out of range"),
        (tm.min, 0, 59, "minute out of range"),
        (tm.sec, 0, 61, "seconds out of range"),
        (tm.yday, 1, 366, "day of year out of range"),
    ];
    for (v, lo, hi, msg) in checks {
        if !(lo..=hi).contains(&v) {
            return Err(Error::value_error(msg));
        }
    }
    if tm.wday < 0 {
        return Err(Error::value_error("day of week out of range"));
    }
    tm.wday %= 7;
    Ok(tm)
}

fn now_local() -> PyResult<Tm> {
    timefmt::localtime(since_epoch().0).ok_or_else(out_of_range)
}

fn format_tm(fmt: &str, tm: &Tm) -> PyResult<String> {
    if fmt.contains('\0') {
        return Err(Error::value_error("embedded null character"));
    }
    Ok(timefmt::strftime(fmt, tm, &timefmt::tzname_for(tm)))
}

fn strftime(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("strftime", &args, 1, 2)?;
    let fmt = args.pos()[0]
        .as_str()
        .ok_or_else(|| Error::type_error("strftime() argument 1 must be str"))?
        .to_string();
    let tm = match args.pos().get(1) {
        Some(t) => checked(tm_from(vm, t)?)?,
        None => now_local()?,
    };
    Ok(Value::string(format_tm(&fmt, &tm)?))
}

fn asctime(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("asctime", &args, 0, 1)?;
    let tm = match args.pos().first() {
        Some(t) => tm_from(vm, t)?,
        None => now_local()?,
    };
    Ok(Value::string(format_tm("%a %b %e %H:%M:%S %Y", &tm)?))
}

fn ctime(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("ctime", &args, 0, 1)?;
    let t = when(vm, &args)?;
    let tm = timefmt::localtime(t).ok_or_else(out_of_range)?;
    Ok(Value::string(format_tm("%a %b %e %H:%M:%S %Y", &tm)?))
}

fn mktime(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("mktime", &args, 1, 1)?;
    let tm = tm_from(vm, &args.pos()[0])?;
    let t = timefmt::mktime(&tm)
        .ok_or_else(|| Error::overflow_error("mktime argument out of range"))?;
    Ok(Value::Float(t as f64))
}

const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("time", time),
    ("time_ns", time_ns),
    ("perf_counter", perf_counter),
    ("perf_counter_ns", perf_counter_ns),
    ("monotonic", monotonic),
    ("monotonic_ns", monotonic_ns),
    ("process_time", process_time),
    ("process_time_ns", process_time_ns),
    ("thread_time", thread_time),
    ("thread_time_ns", thread_time_ns),
    ("sleep", sleep),
    ("_localtime", localtime_raw),
    ("_gmtime", gmtime_raw),
    ("strftime", strftime),
    ("asctime", asctime),
    ("ctime", ctime),
    ("mktime", mktime),
];

/// `struct_time`: a read-only 9-sequence with named fields, written in conc.
const STRUCT_TIME: &str = r#"
class struct_time:
    _names = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec', 'tm_wday', 'tm_yday', 'tm_isdst')
    def __init__(self, t):
        t = tuple(t)
        self._t = t[:9]
        self.tm_year, self.tm_mon, self.tm_mday, self.tm_hour, self.tm_min, self.tm_sec, self.tm_wday, self.tm_yday, self.tm_isdst = t[:9]
        self.tm_zone = t[9] if len(t) > 9 else None
        self.tm_gmtoff = t[10] if len(t) > 10 else None
    def __getitem__(self, i):
        return self._t[i]
    def __len__(self):
        return 9
    def __iter__(self):
        return iter(self._t)
    def __eq__(self, other):
        return tuple(self) == tuple(other)
    def __repr__(self):
        return 'time.struct_time(' + ', '.join(n + '=' + str(v) for n, v in zip(self._names, self._t)) + ')'

def localtime(secs=None):
    return struct_time(_localtime(secs))

def gmtime(secs=None):
    return struct_time(_gmtime(secs))
"#;

/// Creates the `time` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = new_module(vm, "time", FUNCTIONS);
    exec_in_module(vm, &m, STRUCT_TIME)?;
    Ok(m)
}

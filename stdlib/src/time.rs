//! The `time` module: clocks, `sleep` (with the GIL released), and the
//! calendar functions (`localtime`, `gmtime`, `mktime`, `strftime`, `ctime`)
//! through the C library, so time zones behave as in CPython.

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::{ops, Error, PyResult, Value, Vm};

use crate::util::{arity, exec_in_module, float_arg, index_i64, new_module};

fn clock(id: libc::clockid_t) -> (i64, i64) {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer; clock_gettime only writes it.
    unsafe { libc::clock_gettime(id, &mut ts) };
    (ts.tv_sec, ts.tv_nsec)
}

fn secs(id: libc::clockid_t) -> Value {
    let (s, ns) = clock(id);
    Value::Float(s as f64 + ns as f64 * 1e-9)
}

fn nanos(id: libc::clockid_t) -> Value {
    let (s, ns) = clock(id);
    Value::Int(s.saturating_mul(1_000_000_000).saturating_add(ns))
}

macro_rules! clocks {
    ($($name:ident, $ns:ident => $id:expr;)*) => {
        $(fn $name(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
            arity(stringify!($name), &args, 0, 0)?;
            Ok(secs($id))
        }
        fn $ns(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
            arity(stringify!($ns), &args, 0, 0)?;
            Ok(nanos($id))
        })*
    };
}

clocks! {
    time, time_ns => libc::CLOCK_REALTIME;
    perf_counter, perf_counter_ns => libc::CLOCK_MONOTONIC;
    monotonic, monotonic_ns => libc::CLOCK_MONOTONIC;
    process_time, process_time_ns => libc::CLOCK_PROCESS_CPUTIME_ID;
    thread_time, thread_time_ns => libc::CLOCK_THREAD_CPUTIME_ID;
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

/// The seconds argument of the calendar functions (None or absent = now).
fn when(vm: &mut Vm, args: &Args<'_>) -> PyResult<libc::time_t> {
    match args.pos().first() {
        None | Some(Value::None) => Ok(clock(libc::CLOCK_REALTIME).0 as libc::time_t),
        Some(v) => {
            let f = float_arg(vm, v)?;
            if !f.is_finite() || f.abs() > 1e17 {
                return Err(Error::overflow_error(
                    "timestamp out of range for platform time_t",
                ));
            }
            Ok(f.floor() as libc::time_t)
        }
    }
}

fn empty_tm() -> libc::tm {
    // SAFETY: `tm` is plain old data; all-zero is a valid value (null zone).
    unsafe { std::mem::zeroed() }
}

/// A broken-down time as the 9-tuple plus zone name and offset.
fn tm_tuple(tm: &libc::tm) -> Value {
    let zone = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: a non-null tm_zone from localtime_r/gmtime_r points to a
        // NUL-terminated static zone name.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_string_lossy()
            .into_owned()
    };
    Value::tuple(vec![
        Value::Int(tm.tm_year as i64 + 1900),
        Value::Int(tm.tm_mon as i64 + 1),
        Value::Int(tm.tm_mday as i64),
        Value::Int(tm.tm_hour as i64),
        Value::Int(tm.tm_min as i64),
        Value::Int(tm.tm_sec as i64),
        Value::Int((tm.tm_wday as i64 + 6) % 7),
        Value::Int(tm.tm_yday as i64 + 1),
        Value::Int(tm.tm_isdst as i64),
        Value::string(zone),
        Value::Int(tm.tm_gmtoff),
    ])
}

fn localtime_raw(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("localtime", &args, 0, 1)?;
    let t = when(vm, &args)?;
    let mut tm = empty_tm();
    // SAFETY: valid pointers to a time_t and a tm; localtime_r is reentrant.
    if unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
        return Err(Error::overflow_error(
            "timestamp out of range for platform time_t",
        ));
    }
    Ok(tm_tuple(&tm))
}

fn gmtime_raw(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("gmtime", &args, 0, 1)?;
    let t = when(vm, &args)?;
    let mut tm = empty_tm();
    // SAFETY: valid pointers to a time_t and a tm; gmtime_r is reentrant.
    if unsafe { libc::gmtime_r(&t, &mut tm) }.is_null() {
        return Err(Error::overflow_error(
            "timestamp out of range for platform time_t",
        ));
    }
    Ok(tm_tuple(&tm))
}

/// A `tm` from a 9-sequence (tuple or struct_time).
fn tm_from(vm: &mut Vm, v: &Value) -> PyResult<libc::tm> {
    let items = ops::collect(vm, v)?;
    if items.len() < 9 {
        return Err(Error::type_error("time tuple must have 9 elements"));
    }
    let mut f = [0i64; 9];
    for (slot, item) in f.iter_mut().zip(&items) {
        *slot = index_i64(vm, item)?;
    }
    let mut tm = empty_tm();
    tm.tm_year = (f[0] - 1900) as i32;
    tm.tm_mon = (f[1] - 1) as i32;
    tm.tm_mday = f[2] as i32;
    tm.tm_hour = f[3] as i32;
    tm.tm_min = f[4] as i32;
    tm.tm_sec = f[5] as i32;
    tm.tm_wday = ((f[6] + 1) % 7) as i32;
    tm.tm_yday = (f[7] - 1) as i32;
    tm.tm_isdst = f[8] as i32;
    Ok(tm)
}

fn now_local() -> libc::tm {
    let t = clock(libc::CLOCK_REALTIME).0 as libc::time_t;
    let mut tm = empty_tm();
    // SAFETY: valid pointers; localtime_r is reentrant.
    unsafe { libc::localtime_r(&t, &mut tm) };
    tm
}

fn format_tm(fmt: &str, tm: &libc::tm) -> PyResult<String> {
    if fmt.is_empty() {
        return Ok(String::new());
    }
    let cfmt =
        std::ffi::CString::new(fmt).map_err(|_| Error::value_error("embedded null character"))?;
    let mut cap = 256 + fmt.len() * 4;
    loop {
        let mut buf = vec![0u8; cap];
        // SAFETY: buf has `cap` writable bytes; cfmt is NUL-terminated; tm valid.
        let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), cap, cfmt.as_ptr(), tm) };
        if n > 0 || cap > 65536 {
            buf.truncate(n);
            return Ok(String::from_utf8_lossy(&buf).into_owned());
        }
        cap *= 4;
    }
}

fn strftime(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("strftime", &args, 1, 2)?;
    let fmt = args.pos()[0]
        .as_str()
        .ok_or_else(|| Error::type_error("strftime() argument 1 must be str"))?
        .to_string();
    let tm = match args.pos().get(1) {
        Some(t) => tm_from(vm, t)?,
        None => now_local(),
    };
    Ok(Value::string(format_tm(&fmt, &tm)?))
}

fn asctime(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("asctime", &args, 0, 1)?;
    let tm = match args.pos().first() {
        Some(t) => tm_from(vm, t)?,
        None => now_local(),
    };
    Ok(Value::string(format_tm("%a %b %e %H:%M:%S %Y", &tm)?))
}

fn ctime(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("ctime", &args, 0, 1)?;
    let t = when(vm, &args)?;
    let mut tm = empty_tm();
    // SAFETY: valid pointers; localtime_r is reentrant.
    unsafe { libc::localtime_r(&t, &mut tm) };
    Ok(Value::string(format_tm("%a %b %e %H:%M:%S %Y", &tm)?))
}

fn mktime(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("mktime", &args, 1, 1)?;
    let mut tm = tm_from(vm, &args.pos()[0])?;
    // SAFETY: tm is a valid, initialized struct.
    let t = unsafe { libc::mktime(&mut tm) };
    if t == -1 && tm.tm_year != 69 {
        return Err(Error::overflow_error("mktime argument out of range"));
    }
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

//! The typed embedding API: conversions both ways, host functions bound by
//! type, and errors captured as they leave the interpreter.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use conc_interp::prelude::*;
use num_bigint::BigInt;

fn interp() -> Interpreter {
    Interpreter::new(Config::default())
}

/// The `Type: message` of an expected failure.
fn err_text<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    r.expect_err("an error").to_string()
}

#[test]
fn ints_convert_with_overflow_errors() {
    let mut i = interp();
    assert_eq!(i.eval::<i8>("-128").unwrap(), -128);
    assert_eq!(i.eval::<u64>("2 ** 64 - 1").unwrap(), u64::MAX);
    assert_eq!(i.eval::<i128>("-(2 ** 100)").unwrap(), -(1i128 << 100));
    assert_eq!(i.eval::<usize>("True").unwrap(), 1);
    assert_eq!(
        err_text(i.eval::<u32>("-1")),
        "OverflowError: can't convert negative int to u32"
    );
    assert_eq!(
        err_text(i.eval::<i16>("-40000")),
        "OverflowError: int too small to convert to i16"
    );
    assert_eq!(
        err_text(i.eval::<i64>("2 ** 63")),
        "OverflowError: int too large to convert to i64"
    );
    assert_eq!(
        err_text(i.eval::<i64>("'7'")),
        "TypeError: expected int, got str"
    );
    let big: BigInt = i.eval("3 ** 80").unwrap();
    assert_eq!(big, BigInt::from(3).pow(80));
    i.set_global("big", BigInt::from(7).pow(40)).unwrap();
    assert!(i.eval::<bool>("big == 7 ** 40").unwrap());
    i.set_global("wide", u128::MAX).unwrap();
    assert_eq!(
        i.eval::<String>("str(wide)").unwrap(),
        u128::MAX.to_string()
    );
}

#[test]
fn floats_strings_and_bytes() {
    let mut i = interp();
    assert_eq!(i.eval::<f64>("7").unwrap(), 7.0);
    assert_eq!(i.eval::<f32>("0.5").unwrap(), 0.5);
    assert_eq!(
        err_text(i.eval::<f32>("1e300")),
        "OverflowError: float too large to convert to f32"
    );
    assert_eq!(
        err_text(i.eval::<f64>("2 ** 2000")),
        "OverflowError: int too large to convert to float"
    );
    assert_eq!(
        err_text(i.eval::<bool>("1")),
        "TypeError: expected bool, got int"
    );
    assert_eq!(i.eval::<char>("'é'").unwrap(), 'é');
    i.set_global("s", "naïve").unwrap();
    assert_eq!(i.eval::<usize>("len(s)").unwrap(), 5);
    i.set_global("raw", Bytes(vec![0, 255])).unwrap();
    assert_eq!(i.eval::<String>("repr(raw)").unwrap(), "b'\\x00\\xff'");
    assert_eq!(
        err_text(i.eval::<Bytes>("'text'")),
        "TypeError: expected bytes, got str"
    );
    assert_eq!(
        err_text(i.eval::<Vec<String>>("'abc'")),
        "TypeError: expected a list, got str"
    );
}

#[test]
fn containers_round_trip() {
    let mut i = interp();
    let nested = vec![(1u8, Some("a".to_string())), (2, None)];
    i.set_global("nested", nested.clone()).unwrap();
    assert_eq!(
        i.eval::<String>("repr(nested)").unwrap(),
        "[(1, 'a'), (2, None)]"
    );
    let back: Vec<(u8, Option<String>)> = i.get_global("nested").unwrap();
    assert_eq!(back, nested);
    let map: HashMap<String, Vec<i32>> =
        HashMap::from([("xs".into(), vec![1, 2]), ("ys".into(), vec![])]);
    i.set_global("m", map.clone()).unwrap();
    assert_eq!(i.get_global::<HashMap<String, Vec<i32>>>("m").unwrap(), map);
    let ordered: BTreeMap<i64, bool> = i.eval("{3: True, 1: False}").unwrap();
    assert_eq!(ordered.keys().copied().collect::<Vec<_>>(), [1, 3]);
    assert_eq!(i.eval::<Vec<i64>>("range(3)").unwrap(), [0, 1, 2]);
    assert_eq!(
        err_text(i.eval::<(i64, i64)>("(1, 2, 3)")),
        "TypeError: expected a tuple of length 2, got one of length 3"
    );
    assert_eq!(
        err_text(i.eval::<HashMap<String, i64>>("[1]")),
        "TypeError: expected dict, got list"
    );
}

#[test]
fn call_passes_rust_arguments() {
    let mut i = interp();
    i.run_source(
        "def describe(name, tags, limit=None):\n    return f'{name}:{sorted(tags)}:{limit}'\n",
        "d.conc",
    )
    .unwrap();
    let s: String = i.call("describe", ("job", vec!["b", "a"])).unwrap();
    assert_eq!(s, "job:['a', 'b']:None");
    let s: String = i
        .call("describe", ("job", Vec::<String>::new(), 3))
        .unwrap();
    assert_eq!(s, "job:[]:3");
    assert_eq!(
        err_text(i.call::<()>("nothing_here", ())),
        "NameError: name 'nothing_here' is not defined"
    );
    assert_eq!(
        err_text(i.call::<()>("describe", ())),
        "TypeError: describe() missing 2 required positional arguments: 'name' and 'tags'"
    );
}

#[test]
fn host_functions_bind_arguments_by_type() {
    let mut i = interp();
    i.register_fn("scale", |x: f64, by: Option<f64>| {
        Ok::<_, Error>(x * by.unwrap_or(2.0))
    })
    .unwrap();
    i.register_fn("nothing", || Ok::<_, Error>(())).unwrap();
    assert_eq!(i.eval::<f64>("scale(4)").unwrap(), 8.0);
    assert_eq!(i.eval::<f64>("scale(4, 0.5)").unwrap(), 2.0);
    assert!(i.eval::<bool>("nothing() is None").unwrap());
    assert_eq!(
        err_text(i.eval::<f64>("scale()")),
        "TypeError: scale() takes at least 1 argument (0 given)"
    );
    assert_eq!(
        err_text(i.eval::<f64>("scale(1, 2, 3)")),
        "TypeError: scale() takes at most 2 arguments (3 given)"
    );
    assert_eq!(
        err_text(i.eval::<f64>("scale('x')")),
        "TypeError: scale() argument 1: expected float, got str"
    );
    assert_eq!(
        err_text(i.eval::<f64>("scale(1, by=2)")),
        "TypeError: scale() takes no keyword arguments"
    );
}

#[test]
fn host_functions_with_params_take_keywords_and_defaults() {
    let mut i = interp();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let connect = Params::new(["host", "port", "timeout", "tag"])
        .default("port", 80u16)
        .default("timeout", 1.5)
        .bind(
            move |host: String, port: u16, timeout: f64, tag: Option<String>| {
                counter.fetch_add(1, Ordering::SeqCst);
                Ok::<_, Error>(format!(
                    "{host}:{port}/{timeout}/{}",
                    tag.unwrap_or_default()
                ))
            },
        );
    i.register_fn("connect", connect).unwrap();
    // A closure taking the token may have names too; a mutable default is
    // made afresh for each call.
    let append = Params::new(["item", "to"])
        .default("to", Vec::<i64>::new())
        .bind(|gil: Gil<'_>, item: i64, to: Owned| {
            let list = to.bind(gil);
            list.call_method("append", (item,))?;
            Ok::<_, Error>(list.unbind())
        });
    i.register_fn_with_gil("append", append).unwrap();
    i.run_source(
        "a = connect('db')\n\
         b = connect('db', 5432)\n\
         c = connect(port=8080, host='web', tag='x')\n\
         d = connect('db', timeout=0.25)\n\
         kw = {'host': 'h', 'port': 1}\n\
         e = connect(**kw)\n\
         first = append(1)\n\
         second = append(2)\n\
         mine = []\n\
         append(3, to=mine)\n",
        "kw.conc",
    )
    .unwrap();
    let got: Vec<String> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|name| i.get_global::<String>(name).unwrap())
        .collect();
    assert_eq!(
        got,
        [
            "db:80/1.5/",
            "db:5432/1.5/",
            "web:8080/1.5/x",
            "db:80/0.25/",
            "h:1/1.5/"
        ]
    );
    assert_eq!(calls.load(Ordering::SeqCst), 5);
    assert_eq!(i.get_global::<Vec<i64>>("first").unwrap(), [1]);
    assert_eq!(i.get_global::<Vec<i64>>("second").unwrap(), [2]);
    assert_eq!(i.get_global::<Vec<i64>>("mine").unwrap(), [3]);
    // CPython's messages for a `def connect(host, port=80, timeout=1.5,
    // tag=None)`, and for a wrong kind the argument by name.
    for (call, msg) in [
        (
            "connect()",
            "connect() missing 1 required positional argument: 'host'",
        ),
        (
            "connect(port=1)",
            "connect() missing 1 required positional argument: 'host'",
        ),
        (
            "connect('h', user='x')",
            "connect() got an unexpected keyword argument 'user'",
        ),
        (
            "connect('h', 1, host='g')",
            "connect() got multiple values for argument 'host'",
        ),
        (
            "connect('h', 1, 2.0, 't', 5)",
            "connect() takes from 1 to 4 positional arguments but 5 were given",
        ),
        (
            "connect('h', port='80')",
            "connect() argument 'port': expected int, got str",
        ),
        (
            "append()",
            "append() missing 1 required positional argument: 'item'",
        ),
    ] {
        assert_eq!(
            err_text(i.eval::<String>(call)),
            format!("TypeError: {msg}"),
            "{call}"
        );
    }
    assert_eq!(
        err_text(i.eval::<String>("connect('h', port=70000)")),
        "OverflowError: connect() argument 'port': int too large to convert to u16"
    );
    // Caught in the script like any TypeError.
    i.run_source(
        "try:\n    connect(hots='typo')\nexcept TypeError as e:\n    why = str(e)\n",
        "t.conc",
    )
    .unwrap();
    assert_eq!(
        i.get_global::<String>("why").unwrap(),
        "connect() got an unexpected keyword argument 'hots'"
    );
    // Two required parameters left out, named as CPython lists them.
    i.register_fn(
        "span",
        Params::new(["start", "stop", "step"])
            .default("step", 1)
            .bind(|a: i64, b: i64, s: i64| Ok::<_, Error>((b - a) / s)),
    )
    .unwrap();
    assert_eq!(i.eval::<i64>("span(stop=10, start=4)").unwrap(), 6);
    assert_eq!(
        err_text(i.eval::<i64>("span(step=2)")),
        "TypeError: span() missing 2 required positional arguments: 'start' and 'stop'"
    );
}

#[test]
#[should_panic(expected = "Params names 1 parameters for a closure of 2")]
fn params_must_name_every_parameter() {
    let mut i = interp();
    let f = Params::new(["x"]).bind(|x: i64, y: i64| Ok::<_, Error>(x + y));
    let _ = i.register_fn("f", f);
}

#[test]
fn host_errors_are_script_exceptions() {
    let mut i = interp();
    i.register_fn("parse_port", |text: String| {
        text.parse::<u16>()
            .map_err(|e| Error::new(ExcKind::ValueError, format!("bad port {text:?}: {e}")))
    })
    .unwrap();
    i.register_fn("boom", || -> Result<(), Error> { panic!("host bug") })
        .unwrap();
    i.run_source(
        "try:\n    parse_port('http')\nexcept ValueError as e:\n    caught = str(e)\n\
         try:\n    boom()\nexcept SystemError as e:\n    panicked = 'host bug' in str(e)\n",
        "p.conc",
    )
    .unwrap();
    assert_eq!(
        i.get_global::<String>("caught").unwrap(),
        "bad port \"http\": invalid digit found in string"
    );
    assert!(i.get_global::<bool>("panicked").unwrap());
    assert_eq!(i.eval::<u16>("parse_port('8080')").unwrap(), 8080);
}

#[test]
fn closures_keep_host_state_and_can_release_the_gil() {
    let mut i = interp();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    i.register_module("host", move |m| {
        m.set("NAME", "test-host")?;
        m.add_fn("bump", move |n: usize| {
            Ok::<_, Error>(counter.fetch_add(n, Ordering::SeqCst) + n)
        });
        m.add_fn_with_gil("released", |gil: Gil<'_>, x: i64| {
            Ok::<_, Error>(gil.allow_threads(move || x + 1))
        });
        Ok(())
    })
    .unwrap();
    i.run_source(
        "import host\nfor _ in range(10):\n    last = host.bump(2)\nr = host.released(41)\n",
        "m.conc",
    )
    .unwrap();
    assert_eq!(seen.load(Ordering::SeqCst), 20);
    assert_eq!(i.get_global::<usize>("last").unwrap(), 20);
    assert_eq!(i.get_global::<i64>("r").unwrap(), 42);
    assert_eq!(i.eval::<String>("host.NAME").unwrap(), "test-host");
}

#[test]
fn captured_errors_outlive_the_interpreter() {
    let err = {
        let mut i = interp();
        i.run_source(
            "class AppError(RuntimeError):\n    pass\ndef f():\n    raise AppError('disk full')\nf()\n",
            "app.conc",
        )
        .unwrap_err()
    };
    fn send_sync<T: Send + Sync + std::error::Error + 'static>(_: &T) {}
    send_sync(&err);
    let shown = std::thread::spawn(move || {
        let s = err.script().expect("captured").clone();
        (err.to_string(), s)
    })
    .join()
    .unwrap();
    let (text, script) = shown;
    assert_eq!(text, "AppError: disk full");
    assert_eq!(script.type_name(), "AppError");
    assert_eq!(script.message(), "disk full");
    assert!(script.is(ExcKind::RuntimeError) && !script.is(ExcKind::ValueError));
    assert_eq!(script.builtin_kind(), ExcKind::RuntimeError);
    assert!(script.exit_request().is_none());
    assert_eq!(
        script.traceback(),
        "Traceback (most recent call last):\n  File \"app.conc\", line 5, in <module>\n    f()\n  \
         File \"app.conc\", line 4, in f\n    raise AppError('disk full')\nAppError: disk full\n"
    );
}

#[test]
fn system_exit_is_returned_not_acted_on() {
    let mut i = interp();
    let err = i
        .run_source("import sys\nsys.exit(3)\n", "x.conc")
        .unwrap_err();
    let exit = err
        .script()
        .and_then(|s| s.exit_request())
        .expect("SystemExit");
    assert_eq!((exit.status, exit.message.as_deref()), (3, None));
    let err = i
        .run_source("raise SystemExit('bye')", "x.conc")
        .unwrap_err();
    let exit = err
        .script()
        .and_then(|s| s.exit_request())
        .expect("SystemExit");
    assert_eq!((exit.status, exit.message.as_deref()), (1, Some("bye")));
    // The interpreter is still usable.
    assert_eq!(i.eval::<i64>("1 + 1").unwrap(), 2);
}

#[test]
fn a_captured_error_raised_again_keeps_its_builtin_class() {
    let mut i = interp();
    i.run_source("class BadInput(ValueError):\n    pass\n", "b.conc")
        .unwrap();
    let err = i.eval::<i64>("int('x')").unwrap_err();
    assert!(err.is(ExcKind::ValueError));
    let custom = i
        .eval::<i64>("(_ for _ in ()).throw(BadInput('no'))")
        .unwrap_err();
    assert_eq!(custom.type_name(), Some("BadInput"));
    i.register_fn_with_gil("fail_again", move |_gil: Gil<'_>, which: i64| {
        let e = if which == 0 { &err } else { &custom };
        Err::<(), _>(Error::from(e.script().unwrap().clone()))
    })
    .unwrap();
    i.run_source(
        "got = []\nfor which in (0, 1):\n    try:\n        fail_again(which)\n    except ValueError as e:\n        got.append(type(e).__name__ + ': ' + str(e))\n",
        "k.conc",
    )
    .unwrap();
    assert_eq!(
        i.get_global::<Vec<String>>("got").unwrap(),
        [
            "ValueError: invalid literal for int() with base 10: 'x'",
            "ValueError: no"
        ]
    );
}

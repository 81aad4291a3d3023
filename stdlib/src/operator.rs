//! The `operator` module: the operators as functions, and `itemgetter`,
//! `attrgetter`, `methodcaller` (what `sorted(key=...)` and
//! `functools.reduce` code reaches for).
//!
//! The operators and the two getters are native, as CPython's are C: a sort
//! key or a reduce step is one native call, not a conc frame (and for the
//! getters a generator and a tuple besides). The rarely hot rest
//! (`countOf`, `indexOf`, `methodcaller`) is conc source.

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::ops;
use conc_interp::ops::{BinaryOp, CompareOp, UnaryOp};
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;

use crate::util::{add_native_classes, exec_in_module, new_module, payload};

const SOURCE: &str = r#"
def index(a): return a.__index__()
def countOf(a, b): return sum(1 for x in a if x is b or x == b)
def indexOf(a, b):
    for i, j in enumerate(a):
        if j is b or j == b:
            return i
    raise ValueError('sequence.index(x): x not in sequence')

class methodcaller:
    def __init__(self, name, /, *args, **kwargs):
        if not isinstance(name, str):
            raise TypeError('method name must be a string')
        self._name = name
        self._args = args
        self._kwargs = kwargs
    def __call__(self, obj):
        return getattr(obj, self._name)(*self._args, **self._kwargs)
"#;

/// The two operands of a binary operator function.
fn two<'a>(name: &str, args: &Args<'a>) -> PyResult<(&'a Value, &'a Value)> {
    exactly(name, args, 2)?;
    Ok((&args.args[0], &args.args[1]))
}

fn one<'a>(name: &str, args: &Args<'a>) -> PyResult<&'a Value> {
    no_kwargs(name, args)?;
    if args.args.len() != 1 {
        return Err(Error::type_error(format!(
            "_operator.{name}() takes exactly one argument ({} given)",
            args.args.len()
        )));
    }
    Ok(&args.args[0])
}

/// CPython's argument check for the operator functions of several operands.
fn exactly(name: &str, args: &Args<'_>, n: usize) -> PyResult<()> {
    no_kwargs(name, args)?;
    if args.args.len() == n {
        return Ok(());
    }
    Err(Error::type_error(format!(
        "{name} expected {n} arguments, got {}",
        args.args.len()
    )))
}

fn no_kwargs(name: &str, args: &Args<'_>) -> PyResult<()> {
    if args.kwnames.is_empty() {
        Ok(())
    } else {
        Err(Error::type_error(format!(
            "_operator.{name}() takes no keyword arguments"
        )))
    }
}

/// The module's name for a function: its Rust name, unless given (`mod`
/// is a Rust keyword).
macro_rules! py_name {
    ($name:ident) => {
        stringify!($name)
    };
    ($name:ident $py:literal) => {
        $py
    };
}

/// `fn name(a, b)` for each binary, in-place and comparison operator.
macro_rules! binary_fns {
    ($($name:ident $(as $py:literal)? = $kind:ident $op:expr;)*) => {
        $(fn $name(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
            let (a, b) = two(py_name!($name $($py)?), &args)?;
            binary_fns!(@apply $kind vm a b $op)
        })*
        const BINARY: &[(&str, NativeFnPtr)] = &[$((py_name!($name $($py)?), $name)),*];
    };
    (@apply bin $vm:ident $a:ident $b:ident $op:expr) => { ops::binary_op($vm, $a, $op, $b) };
    (@apply inplace $vm:ident $a:ident $b:ident $op:expr) => { ops::inplace_op($vm, $a, $op, $b) };
    (@apply cmp $vm:ident $a:ident $b:ident $op:expr) => { ops::compare($vm, $a, $op, $b) };
}

binary_fns! {
    add = bin BinaryOp::Add;
    sub = bin BinaryOp::Sub;
    mul = bin BinaryOp::Mul;
    matmul = bin BinaryOp::MatMul;
    truediv = bin BinaryOp::Div;
    floordiv = bin BinaryOp::FloorDiv;
    mod_ as "mod" = bin BinaryOp::Mod;
    pow = bin BinaryOp::Pow;
    lshift = bin BinaryOp::LShift;
    rshift = bin BinaryOp::RShift;
    or_ = bin BinaryOp::BitOr;
    xor = bin BinaryOp::BitXor;
    and_ = bin BinaryOp::BitAnd;
    iadd = inplace BinaryOp::Add;
    isub = inplace BinaryOp::Sub;
    imul = inplace BinaryOp::Mul;
    imatmul = inplace BinaryOp::MatMul;
    itruediv = inplace BinaryOp::Div;
    ifloordiv = inplace BinaryOp::FloorDiv;
    imod = inplace BinaryOp::Mod;
    ipow = inplace BinaryOp::Pow;
    ilshift = inplace BinaryOp::LShift;
    irshift = inplace BinaryOp::RShift;
    ior = inplace BinaryOp::BitOr;
    ixor = inplace BinaryOp::BitXor;
    iand = inplace BinaryOp::BitAnd;
    lt = cmp CompareOp::Lt;
    le = cmp CompareOp::LtE;
    eq = cmp CompareOp::Eq;
    ne = cmp CompareOp::NotEq;
    ge = cmp CompareOp::GtE;
    gt = cmp CompareOp::Gt;
    is_ = cmp CompareOp::Is;
    is_not = cmp CompareOp::IsNot;
}

/// `fn name(a)` for each unary operator.
macro_rules! unary_fns {
    ($($name:ident = $op:expr;)*) => {
        $(fn $name(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
            let a = one(stringify!($name), &args)?;
            ops::unary_op(vm, a, $op)
        })*
        const UNARY: &[(&str, NativeFnPtr)] = &[$((stringify!($name), $name)),*];
    };
}

unary_fns! {
    neg = UnaryOp::Neg;
    pos = UnaryOp::Pos;
    inv = UnaryOp::Invert;
    invert = UnaryOp::Invert;
    not_ = UnaryOp::Not;
}

fn truth(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let a = one("truth", &args)?;
    Ok(Value::Bool(ops::truthy(vm, a)?))
}

fn abs(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let a = one("abs", &args)?;
    let f = vm
        .builtin("abs")
        .ok_or_else(|| Error::new(conc_interp::ExcKind::SystemError, "no builtin abs"))?;
    vm.call(&f, std::slice::from_ref(a))
}

fn concat(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (a, b) = two("concat", &args)?;
    check_concatenable(vm, a)?;
    ops::binary_op(vm, a, BinaryOp::Add, b)
}

fn iconcat(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (a, b) = two("iconcat", &args)?;
    check_concatenable(vm, a)?;
    ops::inplace_op(vm, a, BinaryOp::Add, b)
}

/// `concat`/`iconcat` take only sequences on the left (CPython's
/// `PySequence_Concat`), not anything with `__add__`.
fn check_concatenable(vm: &mut Vm, a: &Value) -> PyResult<()> {
    if is_sequence(vm, a) {
        return Ok(());
    }
    let t = vm.type_name(a);
    Err(Error::type_error(format!(
        "'{t}' object can't be concatenated"
    )))
}

/// What CPython's `PySequence_Check` accepts: a `__getitem__` that is not
/// a dict's.
fn is_sequence(vm: &mut Vm, v: &Value) -> bool {
    let tn = vm.type_name(v);
    tn != "dict" && vm.lookup_special(v, "__getitem__").is_some()
        || matches!(
            tn.as_str(),
            "list" | "tuple" | "str" | "bytes" | "bytearray" | "range"
        )
}

fn contains(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (a, b) = two("contains", &args)?;
    Ok(Value::Bool(ops::contains(vm, a, b)?))
}

fn getitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (a, b) = two("getitem", &args)?;
    ops::getitem(vm, a, b)
}

fn setitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    exactly("setitem", &args, 3)?;
    let [a, b, c] = [&args.args[0], &args.args[1], &args.args[2]];
    ops::setitem(vm, a, b, c.clone())?;
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (a, b) = two("delitem", &args)?;
    ops::delitem(vm, a, b)?;
    Ok(Value::None)
}

const OTHER: &[(&str, NativeFnPtr)] = &[
    ("truth", truth),
    ("abs", abs),
    ("concat", concat),
    ("iconcat", iconcat),
    ("contains", contains),
    ("getitem", getitem),
    ("setitem", setitem),
    ("delitem", delitem),
];

/// The object a getter is called on: exactly one argument.
fn getter_arg<'a>(name: &str, args: &Args<'a>) -> PyResult<&'a Value> {
    no_kwargs(name, args)?;
    match args.args {
        [_, obj] => Ok(obj),
        _ => Err(Error::type_error(format!(
            "{name} expected 1 argument, got {}",
            args.args.len().saturating_sub(1)
        ))),
    }
}

/// `operator.NAME(arg, ...)`, the repr of a getter made from `args`.
fn getter_repr(vm: &mut Vm, name: &str, args: &[Value]) -> PyResult<Value> {
    let mut parts = Vec::with_capacity(args.len());
    for a in args {
        parts.push(ops::repr(vm, a)?);
    }
    Ok(Value::string(format!(
        "operator.{name}({})",
        parts.join(", ")
    )))
}

/// `itemgetter(*items)`'s items, set by `__init__`.
#[derive(Default)]
struct ItemGetter(Vec<Value>);

fn new_itemgetter() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(ObjCell::new(ItemGetter::default()))
}

fn itemgetter_init(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    no_kwargs("itemgetter", &args)?;
    let items = &args.args[1..];
    if items.is_empty() {
        return Err(Error::type_error("itemgetter expected 1 argument, got 0"));
    }
    let g: &ObjCell<ItemGetter> = payload(&args.args[0], "itemgetter")?;
    g.borrow_mut().0 = items.to_vec();
    Ok(Value::None)
}

fn itemgetter_call(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let obj = getter_arg("itemgetter", &args)?;
    let g: &ObjCell<ItemGetter> = payload(&args.args[0], "itemgetter")?;
    let items = g.borrow().0.clone();
    if let [item] = &items[..] {
        return ops::getitem(vm, obj, item);
    }
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        out.push(ops::getitem(vm, obj, item)?);
    }
    Ok(Value::tuple(out))
}

fn itemgetter_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let g: &ObjCell<ItemGetter> = payload(&args.args[0], "itemgetter")?;
    let items = g.borrow().0.clone();
    getter_repr(vm, "itemgetter", &items)
}

const ITEMGETTER: &[(&str, NativeFnPtr)] = &[
    ("__init__", itemgetter_init),
    ("__call__", itemgetter_call),
    ("__repr__", itemgetter_repr),
];

/// `attrgetter(*attrs)`: each attribute as its dotted parts (str values,
/// made once, so a call allocates no names).
#[derive(Default)]
struct AttrGetter {
    names: Vec<Value>,
    paths: Vec<Vec<Value>>,
}

fn new_attrgetter() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(ObjCell::new(AttrGetter::default()))
}

fn attrgetter_init(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    no_kwargs("attrgetter", &args)?;
    let attrs = &args.args[1..];
    if attrs.is_empty() {
        return Err(Error::type_error("attrgetter expected 1 argument, got 0"));
    }
    let mut paths = Vec::with_capacity(attrs.len());
    for a in attrs {
        let Some(s) = a.as_str() else {
            return Err(Error::type_error("attribute name must be a string"));
        };
        paths.push(s.split('.').map(Value::str).collect());
    }
    let g: &ObjCell<AttrGetter> = payload(&args.args[0], "attrgetter")?;
    *g.borrow_mut() = AttrGetter {
        names: attrs.to_vec(),
        paths,
    };
    Ok(Value::None)
}

fn attrgetter_call(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let obj = getter_arg("attrgetter", &args)?;
    let g: &ObjCell<AttrGetter> = payload(&args.args[0], "attrgetter")?;
    let paths = g.borrow().paths.clone();
    let mut out = Vec::with_capacity(paths.len());
    for path in &paths {
        let mut v = obj.clone();
        for name in path {
            v = vm.get_attr_v(&v, name)?;
        }
        out.push(v);
    }
    if out.len() == 1 {
        return Ok(out.pop().unwrap_or_default());
    }
    Ok(Value::tuple(out))
}

fn attrgetter_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let g: &ObjCell<AttrGetter> = payload(&args.args[0], "attrgetter")?;
    let names = g.borrow().names.clone();
    getter_repr(vm, "attrgetter", &names)
}

const ATTRGETTER: &[(&str, NativeFnPtr)] = &[
    ("__init__", attrgetter_init),
    ("__call__", attrgetter_call),
    ("__repr__", attrgetter_repr),
];

/// Creates the `operator` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = new_module(vm, "operator", BINARY);
    for table in [UNARY, OTHER] {
        for (name, f) in table {
            let v = vm.new_native_fn(name, *f);
            vm.module_set(&m, name, v);
        }
    }
    add_native_classes(
        vm,
        &m,
        &[
            ("itemgetter", ITEMGETTER, new_itemgetter),
            ("attrgetter", ATTRGETTER, new_attrgetter),
        ],
    );
    exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}

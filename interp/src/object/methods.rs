//! The method tables of the builtin types, by kind: the VM installs
//! `methods_for(kind)` into each builtin type's dict at start-up, and
//! `properties_for(kind)` as read-only properties (getters taking self).

use super::{BuiltinKind, NativeFnPtr};

type Table = &'static [(&'static str, NativeFnPtr)];

/// The methods of a builtin type (constructors are `__new__` entries that
/// receive the type as args[0]; methods receive self as args[0]).
pub fn methods_for(kind: BuiltinKind) -> Table {
    match kind {
        BuiltinKind::List => super::list::METHODS,
        BuiltinKind::Tuple => super::tuple::METHODS,
        BuiltinKind::Dict => super::dictmethods::METHODS,
        BuiltinKind::Set => super::set::SET_METHODS,
        BuiltinKind::FrozenSet => super::set::FROZENSET_METHODS,
        BuiltinKind::Range => super::range::METHODS,
        BuiltinKind::Slice => super::slice::METHODS,
        BuiltinKind::Complex => super::complex::METHODS,
        BuiltinKind::Iterator => ITER_METHODS,
        BuiltinKind::Int => super::int::METHODS,
        BuiltinKind::Bool => super::int::BOOL_METHODS,
        BuiltinKind::Float => super::float::METHODS,
        BuiltinKind::Str => super::strmethods::METHODS,
        BuiltinKind::Bytes => super::bytes::METHODS,
        _ => &[],
    }
}

/// Attributes that are computed from the value (`r.start`, `z.real`).
pub fn properties_for(kind: BuiltinKind) -> Table {
    match kind {
        BuiltinKind::Range => super::range::PROPERTIES,
        BuiltinKind::Slice => super::slice::PROPERTIES,
        BuiltinKind::Complex => super::complex::PROPERTIES,
        BuiltinKind::Int => super::int::PROPERTIES,
        BuiltinKind::Float => super::float::PROPERTIES,
        _ => &[],
    }
}

/// Dunders every builtin value type has in CPython, where its own table
/// lacks them: a subclass reaches them through `super()` or the type
/// (`int.__repr__`, `super().__eq__(other)`), and they run on the
/// instance's builtin value. (The protocols do not look them up: builtin
/// behaviour never goes through the type dict.)
pub fn inherited_dunders(kind: BuiltinKind) -> &'static [Table] {
    use generic as g;
    const COMMON: Table = &[
        ("__repr__", g::repr),
        ("__eq__", g::eq),
        ("__ne__", g::ne),
        ("__lt__", g::lt),
        ("__le__", g::le),
        ("__gt__", g::gt),
        ("__ge__", g::ge),
    ];
    const HASHABLE: Table = &[("__hash__", g::hash)];
    const CONTAINER: Table = &[
        ("__len__", g::len),
        ("__iter__", g::iter),
        ("__contains__", g::contains),
        ("__getitem__", g::getitem),
    ];
    const NUMBER: Table = &[
        ("__add__", g::add),
        ("__radd__", g::radd),
        ("__sub__", g::sub),
        ("__rsub__", g::rsub),
        ("__mul__", g::mul),
        ("__rmul__", g::mul),
        ("__truediv__", g::truediv),
        ("__rtruediv__", g::rtruediv),
        ("__floordiv__", g::floordiv),
        ("__rfloordiv__", g::rfloordiv),
        ("__mod__", g::mod_),
        ("__rmod__", g::rmod),
        ("__pow__", g::pow),
        ("__rpow__", g::rpow),
        ("__neg__", g::neg),
        ("__pos__", g::pos),
    ];
    const INT: Table = &[
        ("__and__", g::and),
        ("__rand__", g::rand),
        ("__or__", g::or),
        ("__ror__", g::ror),
        ("__xor__", g::xor),
        ("__rxor__", g::rxor),
        ("__lshift__", g::lshift),
        ("__rlshift__", g::rlshift),
        ("__rshift__", g::rshift),
        ("__rrshift__", g::rrshift),
        ("__invert__", g::invert),
    ];
    const STR: Table = &[("__str__", g::str)];
    match kind {
        BuiltinKind::Int => &[COMMON, HASHABLE, NUMBER, INT],
        BuiltinKind::Float | BuiltinKind::Complex => &[COMMON, HASHABLE, NUMBER],
        BuiltinKind::Str => &[COMMON, HASHABLE, CONTAINER, STR],
        BuiltinKind::Bytes | BuiltinKind::Tuple | BuiltinKind::FrozenSet => {
            &[COMMON, HASHABLE, CONTAINER]
        }
        BuiltinKind::List | BuiltinKind::Dict | BuiltinKind::Set => &[COMMON, CONTAINER],
        _ => &[],
    }
}

const ITER_METHODS: Table = &[
    ("__iter__", generic::iter_self),
    ("__next__", generic::next),
];

/// Dunder methods shared by several builtin types, each forwarding to the
/// `ops` protocol function (so `list.__add__(a, b)` == `a + b`).
pub(crate) mod generic {
    use crate::ops::{BinaryOp, CompareOp};

    use crate::ops::UnaryOp;

    use crate::error::{Error, ExcKind, PyResult};
    use crate::object::Args;
    use crate::ops;
    use crate::value::Value;
    use crate::vm::Vm;

    /// `self` and the `n` values a slot wrapper takes after it; another
    /// count is CPython's `TypeError` ("expected 1 argument, got 2").
    fn exactly<'a>(args: &Args<'a>, n: usize) -> PyResult<&'a [Value]> {
        between(args, n, n)
    }

    /// `self` and between `min` and `max` values after it.
    fn between<'a>(args: &Args<'a>, min: usize, max: usize) -> PyResult<&'a [Value]> {
        let pos = args.pos();
        if pos.is_empty() {
            return Err(Error::type_error("descriptor needs an argument"));
        }
        if args.has_kwargs() {
            return Err(Error::type_error("wrapper takes no keyword arguments"));
        }
        let given = pos.len() - 1;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let bound = match (given < min, given > max) {
            (true, _) if min == max => format!("{min} argument{}", plural(min)),
            (true, _) => format!("at least {min} argument{}", plural(min)),
            (_, true) if min == max => format!("{max} argument{}", plural(max)),
            (_, true) => format!("at most {max} argument{}", plural(max)),
            _ => return Ok(pos),
        };
        Err(Error::type_error(format!("expected {bound}, got {given}")))
    }

    fn two<'a>(args: &Args<'a>) -> PyResult<(&'a Value, &'a Value)> {
        let pos = exactly(args, 1)?;
        Ok((&pos[0], &pos[1]))
    }

    fn one<'a>(args: &Args<'a>) -> PyResult<&'a Value> {
        Ok(&exactly(args, 0)?[0])
    }

    pub fn len(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        Ok(Value::Int(ops::len(vm, one(&args)?)? as i64))
    }
    pub fn getitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        let (a, b) = two(&args)?;
        ops::getitem(vm, a, b)
    }
    pub fn setitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        let pos = exactly(&args, 2)?;
        ops::setitem(vm, &pos[0], &pos[1], pos[2].clone()).map(|_| Value::None)
    }
    pub fn delitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        let (a, b) = two(&args)?;
        ops::delitem(vm, a, b).map(|_| Value::None)
    }
    pub fn contains(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        let (a, b) = two(&args)?;
        ops::contains(vm, a, b).map(Value::Bool)
    }
    pub fn iter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        ops::iter(vm, one(&args)?)
    }
    pub fn iter_self(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        one(&args).cloned()
    }
    pub fn next(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        match ops::next(vm, one(&args)?)? {
            Some(v) => Ok(v),
            None => Err(Error::new(ExcKind::StopIteration, "")),
        }
    }
    pub fn hash(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        Ok(Value::Int(ops::hash(vm, one(&args)?)? as i64))
    }
    pub fn add(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        let (a, b) = two(&args)?;
        ops::binary_op(vm, a, BinaryOp::Add, b)
    }
    pub fn mul(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        let (a, b) = two(&args)?;
        ops::binary_op(vm, a, BinaryOp::Mul, b)
    }
    pub fn iadd(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        let (a, b) = two(&args)?;
        ops::inplace_op(vm, a, BinaryOp::Add, b)
    }
    pub fn imul(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        let (a, b) = two(&args)?;
        ops::inplace_op(vm, a, BinaryOp::Mul, b)
    }
    pub fn repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        Ok(Value::string(ops::repr(vm, one(&args)?)?))
    }
    pub fn str(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        Ok(Value::string(ops::str_of(vm, one(&args)?)?))
    }
    /// `__op__` and `__rop__` of the numbers, forwarding to the operator.
    macro_rules! binary {
        ($($name:ident, $rname:ident, $op:expr;)*) => {$(
            pub fn $name(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
                let (a, b) = two(&args)?;
                ops::binary_op(vm, a, $op, b)
            }
            pub fn $rname(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
                let (a, b) = two(&args)?;
                ops::binary_op(vm, b, $op, a)
            }
        )*};
    }
    binary! {
        sub, rsub, BinaryOp::Sub;
        truediv, rtruediv, BinaryOp::Div;
        floordiv, rfloordiv, BinaryOp::FloorDiv;
        mod_, rmod, BinaryOp::Mod;
        and, rand, BinaryOp::BitAnd;
        or, ror, BinaryOp::BitOr;
        xor, rxor, BinaryOp::BitXor;
        lshift, rlshift, BinaryOp::LShift;
        rshift, rrshift, BinaryOp::RShift;
    }
    /// `__pow__(exp, mod=None)` and `__rpow__(base, mod=None)`: with a
    /// modulus, the three-argument `pow` of integers.
    fn pow_wrapper(vm: &mut Vm, args: Args<'_>, reflected: bool) -> PyResult<Value> {
        let pos = between(&args, 1, 2)?;
        let (base, exp) = if reflected {
            (&pos[1], &pos[0])
        } else {
            (&pos[0], &pos[1])
        };
        match pos.get(2) {
            None | Some(Value::None) => ops::binary_op(vm, base, BinaryOp::Pow, exp),
            Some(m) => {
                // An int subclass's instance counts as its int.
                let int_of = |v: &Value| {
                    let v = crate::object::base_value(v).unwrap_or(v);
                    crate::object::bigint::to_bigint(v)
                };
                let ints = [base, exp, m].map(int_of);
                match ints {
                    [Some(b), Some(e), Some(m)] => crate::object::bigint::pow_mod(&b, &e, &m),
                    [Some(_), _, _] => Ok(Value::new_obj(crate::object::Object::NotImplemented)),
                    _ => Err(Error::type_error(
                        "pow() 3rd argument not allowed unless all arguments are integers",
                    )),
                }
            }
        }
    }
    pub fn pow(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        pow_wrapper(vm, args, false)
    }
    pub fn rpow(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        pow_wrapper(vm, args, true)
    }
    pub fn radd(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        let (a, b) = two(&args)?;
        ops::binary_op(vm, b, BinaryOp::Add, a)
    }
    pub fn neg(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        ops::unary_op(vm, one(&args)?, UnaryOp::Neg)
    }
    pub fn pos(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        ops::unary_op(vm, one(&args)?, UnaryOp::Pos)
    }
    pub fn invert(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        ops::unary_op(vm, one(&args)?, UnaryOp::Invert)
    }
    fn cmp(vm: &mut Vm, args: Args<'_>, op: CompareOp) -> PyResult<Value> {
        let (a, b) = two(&args)?;
        ops::compare(vm, a, op, b)
    }
    pub fn eq(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        cmp(vm, args, CompareOp::Eq)
    }
    pub fn ne(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        cmp(vm, args, CompareOp::NotEq)
    }
    pub fn lt(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        cmp(vm, args, CompareOp::Lt)
    }
    pub fn le(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        cmp(vm, args, CompareOp::LtE)
    }
    pub fn gt(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        cmp(vm, args, CompareOp::Gt)
    }
    pub fn ge(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
        cmp(vm, args, CompareOp::GtE)
    }
}

//! The instructions of `match` statements: the length, sequence and
//! mapping checks, the look-up of mapping keys, `**rest`, and class
//! patterns through `__match_args__`. `compile/patterns.rs` emits them.

use crate::bytecode::Op;
use crate::error::{Error, ExcKind, PyResult};
use crate::object::{BuiltinKind, Object};
use crate::value::{ObjRef, Value};

use super::super::frame::Frame;
use super::super::{ops, Vm};
use super::{pop, top};

/// The builtin types whose class pattern with one positional
/// sub-pattern matches the subject itself (`case int(n):`).
const MATCH_SELF: [BuiltinKind; 10] = [
    BuiltinKind::Bool,
    BuiltinKind::Bytes,
    BuiltinKind::Dict,
    BuiltinKind::Float,
    BuiltinKind::FrozenSet,
    BuiltinKind::Int,
    BuiltinKind::List,
    BuiltinKind::Set,
    BuiltinKind::Str,
    BuiltinKind::Tuple,
];

fn tuple_items(v: &Value) -> &[Value] {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Tuple(t)) => t,
        _ => &[],
    }
}

impl Vm {
    /// Executes one of the `match` instructions.
    pub(super) fn exec_match(&mut self, f: &mut Frame, op: Op) -> PyResult<()> {
        match op {
            Op::GetLen => {
                let n = ops::len(self, top(&f.stack))?;
                f.stack.push(Value::Int(n as i64));
            }
            Op::MatchMapping => {
                let r = self.is_match_mapping(top(&f.stack));
                f.stack.push(Value::Bool(r));
            }
            Op::MatchSequence => {
                let r = self.is_match_sequence(top(&f.stack));
                f.stack.push(Value::Bool(r));
            }
            Op::MatchKeys => {
                let keys = top(&f.stack).clone();
                let subject = f.stack[f.stack.len() - 2].clone();
                let r = self.match_keys(&subject, tuple_items(&keys))?;
                f.stack.push(r);
            }
            Op::CopyDictWithoutKeys => {
                let keys = pop(&mut f.stack);
                let subject = top(&f.stack).clone();
                let rest = self.copy_dict_without_keys(&subject, tuple_items(&keys))?;
                f.stack.push(rest);
            }
            Op::MatchClass(n) => {
                let names = pop(&mut f.stack);
                let cls = pop(&mut f.stack);
                let subject = pop(&mut f.stack);
                let r = self.match_class(&subject, &cls, n as usize, tuple_items(&names))?;
                f.stack.push(r);
            }
            _ => {
                return Err(Error::new(
                    ExcKind::SystemError,
                    format!("unexpected opcode {op:?} in exec_match"),
                ))
            }
        }
        Ok(())
    }

    fn is_instance_of_builtin(&self, v: &Value, kind: BuiltinKind) -> bool {
        let t = self.builtin_type(kind);
        self.isinstance(v, &t)
    }

    /// A dict (or an instance of a dict subclass).
    fn is_match_mapping(&self, v: &Value) -> bool {
        match v.as_obj().map(|o| &**o) {
            Some(Object::Dict(_)) => true,
            Some(Object::Instance(_)) => self.is_instance_of_builtin(v, BuiltinKind::Dict),
            _ => false,
        }
    }

    /// A list, tuple or range (or an instance of a list or tuple
    /// subclass); str, bytes and dicts are not sequences to a pattern.
    fn is_match_sequence(&self, v: &Value) -> bool {
        match v.as_obj().map(|o| &**o) {
            Some(
                Object::List(_) | Object::Tuple(_) | Object::Range { .. } | Object::BigRange(_),
            ) => true,
            Some(Object::Instance(_)) => {
                self.is_instance_of_builtin(v, BuiltinKind::List)
                    || self.is_instance_of_builtin(v, BuiltinKind::Tuple)
            }
            _ => false,
        }
    }

    /// The values of `keys` in the mapping, or None if one is missing.
    /// Like CPython, a mapping other than a dict is asked through `get`.
    fn match_keys(&mut self, subject: &Value, keys: &[Value]) -> PyResult<Value> {
        let mut values = Vec::with_capacity(keys.len());
        let plain_dict = matches!(subject.as_obj().map(|o| &**o), Some(Object::Dict(_)));
        let getter = if plain_dict {
            None
        } else {
            Some(self.get_attr(subject, "get")?)
        };
        let missing = Value::new_obj(Object::Tuple(Box::new([])));
        for key in keys {
            let found = match &getter {
                None => ops::dict_get(self, subject, key)?,
                Some(get) => {
                    let v = self.call(get, &[key.clone(), missing.clone()])?;
                    (!v.is(&missing)).then_some(v)
                }
            };
            match found {
                Some(v) => values.push(v),
                None => return Ok(Value::None),
            }
        }
        Ok(Value::tuple(values))
    }

    /// `rest = dict(subject)` without the matched keys.
    fn copy_dict_without_keys(&mut self, subject: &Value, keys: &[Value]) -> PyResult<Value> {
        let rest = Value::new_obj(Object::Dict(Default::default()));
        let items = match subject.as_obj().map(|o| &**o) {
            Some(Object::Dict(d)) => d.borrow().items(),
            _ => {
                let mut out = Vec::new();
                for k in ops::collect(self, subject)? {
                    let v = ops::getitem(self, subject, &k)?;
                    out.push((k, v));
                }
                out
            }
        };
        for (k, v) in items {
            ops::dict_set(self, &rest, k, v)?;
        }
        for k in keys {
            ops::dict_del(self, &rest, k)?;
        }
        Ok(rest)
    }

    /// `getattr(obj, name)`, None on AttributeError.
    fn match_attr(&mut self, obj: &Value, name: &Value) -> PyResult<Option<Value>> {
        match self.get_attr_v(obj, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.error_matches(&e, ExcKind::AttributeError) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Whether a class pattern with one positional sub-pattern and no
    /// `__match_args__` matches the subject itself.
    fn matches_self(&self, cls: &ObjRef) -> bool {
        let Object::Type(t) = &**cls else {
            return false;
        };
        std::iter::once(cls)
            .chain(t.mro.iter())
            .any(|c| match &**c {
                Object::Type(c) => c.builtin.is_some_and(|k| MATCH_SELF.contains(&k)),
                _ => false,
            })
    }

    /// `Cls(p1, ..., pn, a=q1, ...)`: the tuple of the values the
    /// sub-patterns match, or None when the subject does not fit.
    fn match_class(
        &mut self,
        subject: &Value,
        cls: &Value,
        positional: usize,
        names: &[Value],
    ) -> PyResult<Value> {
        let Some(cls_ref) = cls
            .as_obj()
            .filter(|o| matches!(&***o, Object::Type(_)))
            .cloned()
        else {
            return Err(Error::type_error("called match pattern must be a type"));
        };
        if !self.isinstance_of(subject, cls)? {
            return Ok(Value::None);
        }
        let cls_name = match &*cls_ref {
            Object::Type(t) => t.name.clone(),
            _ => String::new(),
        };
        let mut attrs = Vec::with_capacity(positional + names.len());
        let mut seen: Vec<Value> = Vec::new();
        let accepts = |allowed: usize| {
            let s = if allowed == 1 { "" } else { "s" };
            Error::type_error(format!(
                "{cls_name}() accepts {allowed} positional sub-pattern{s} ({positional} given)"
            ))
        };
        if positional > 0 {
            match self.match_attr(cls, &Value::str("__match_args__"))? {
                Some(match_args) => {
                    let Some(Object::Tuple(args)) = match_args.as_obj().map(|o| &**o) else {
                        return Err(Error::type_error(format!(
                            "{cls_name}.__match_args__ must be a tuple (got {})",
                            self.type_name(&match_args)
                        )));
                    };
                    if positional > args.len() {
                        return Err(accepts(args.len()));
                    }
                    let wanted: Vec<Value> = args[..positional].to_vec();
                    for name in wanted {
                        if name.as_str().is_none() {
                            return Err(Error::type_error(format!(
                                "__match_args__ elements must be strings (got {})",
                                self.type_name(&name)
                            )));
                        }
                        self.note_attr(&cls_name, &name, &mut seen)?;
                        match self.match_attr(subject, &name)? {
                            Some(v) => attrs.push(v),
                            None => return Ok(Value::None),
                        }
                    }
                }
                None if self.matches_self(&cls_ref) => {
                    if positional > 1 {
                        return Err(accepts(1));
                    }
                    attrs.push(subject.clone());
                }
                None => return Err(accepts(0)),
            }
        }
        for name in names {
            self.note_attr(&cls_name, name, &mut seen)?;
            match self.match_attr(subject, name)? {
                Some(v) => attrs.push(v),
                None => return Ok(Value::None),
            }
        }
        Ok(Value::tuple(attrs))
    }

    /// Records an attribute a class pattern reads; a second sub-pattern
    /// for it is a `TypeError`.
    fn note_attr(&mut self, cls_name: &str, name: &Value, seen: &mut Vec<Value>) -> PyResult<()> {
        if seen.iter().any(|s| s.as_str() == name.as_str()) {
            let r = ops::repr(self, name)?;
            return Err(Error::type_error(format!(
                "{cls_name}() got multiple sub-patterns for attribute {r}"
            )));
        }
        seen.push(name.clone());
        Ok(())
    }
}

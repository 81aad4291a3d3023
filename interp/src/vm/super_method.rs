//! `LoadSuperMethod`: `super().name(...)` in a method without the `super`
//! object, as CPython 3.12's `LOAD_SUPER_ATTR` does.
//!
//! `super().m()` would build a `super(__class__, self)` proxy, look `m` up
//! along `type(self)`'s MRO past `__class__` (copying the MRO), and bind it
//! into a bound method, all to call it once. When the global `super` is the
//! builtin, `self` an instance of a subclass of `__class__` and the name a
//! plain function, the method and `self` go straight onto the stack, as
//! `LoadMethod` leaves them for `CallMethod`. Anything else (a rebound
//! `super`, a staticmethod or property found, a name not found, a class
//! `self`) takes the general path, whose errors are the ones it always had.

use crate::bytecode::Code;
use crate::error::PyResult;
use crate::object::{BuiltinKind, Object};
use crate::sync::Ref;
use crate::value::Value;

use super::eval::pop;
use super::frame::Frame;
use super::Vm;

impl Vm {
    /// Stack `super, __class__, self` -> `method, self_or_null`.
    pub(crate) fn load_super_method(
        &mut self,
        f: &mut Frame,
        code: &Code,
        i: usize,
    ) -> PyResult<()> {
        let this = pop(&mut f.stack);
        let class = pop(&mut f.stack);
        let sup = pop(&mut f.stack);
        let name = &code.names[i];
        if let Some(m) = self.super_plain_method(&sup, &class, &this, name) {
            f.stack.push(m);
            f.stack.push(this);
            return Ok(());
        }
        let proxy = self.call(&sup, &[class, this])?;
        let (m, with_self) = self.load_method(&proxy, name)?;
        f.stack.push(m);
        f.stack.push(if with_self {
            proxy
        } else {
            Value::Obj(self.state.null.clone())
        });
        Ok(())
    }

    /// The plain function `name` of the first class after `class` in the
    /// MRO of `this`'s class, when `sup` is the builtin `super` and `this`
    /// an instance.
    fn super_plain_method(
        &self,
        sup: &Value,
        class: &Value,
        this: &Value,
        name: &Value,
    ) -> Option<Value> {
        let (Value::Obj(s), Value::Obj(class), Value::Obj(o)) = (sup, class, this) else {
            return None;
        };
        if !Ref::ptr_eq(s, &self.state.types[BuiltinKind::Super as usize]) {
            return None;
        }
        let Object::Instance(inst) = &**o else {
            return None;
        };
        let Object::Type(t) = &*inst.class else {
            return None;
        };
        let mut mro = std::iter::once(&inst.class).chain(t.mro.iter());
        // Past `class` (absent: `self` is not an instance of it, which the
        // general path reports).
        mro.by_ref().find(|c| Ref::ptr_eq(c, class))?;
        for c in mro {
            let Object::Type(ct) = &**c else { continue };
            let found = ct.dict.borrow().get_by_str_value(name).cloned();
            if let Some(v) = found {
                return matches!(v.as_obj().map(|o| &**o), Some(Object::Function(_))).then_some(v);
            }
        }
        None
    }
}

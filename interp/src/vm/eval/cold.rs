//! The rarer opcodes, out of the hot loop's frame: building containers,
//! f-strings, names in module and class bodies, imports, exception blocks,
//! `with`, generators' `yield`/`send`. `run_inner` hands them the frame with
//! `f.pc` already pointing past the instruction.

use crate::bytecode::{Code, Op};
use crate::error::{Error, ExcKind, PyResult};
use crate::object::Object;
use crate::value::Value;

use super::super::frame::{Block, Frame};
use super::super::{ops, Vm};
use super::{cell_name, name_error, pop, top, unbound_slot, Exit};

impl Vm {
    /// Executes one of the rarer instructions; `Some` when the frame
    /// returns or yields.
    #[inline(never)]
    pub(super) fn exec_cold(
        &mut self,
        f: &mut Frame,
        code: &Code,
        op: Op,
    ) -> PyResult<Option<Exit>> {
        match op {
            Op::DeleteFast(i) => {
                if f.locals[i as usize].take().is_none() {
                    return Err(unbound_slot(code, i as usize));
                }
            }
            Op::DeleteDeref(i) => {
                if let Object::Cell(c) = &*f.cells[i as usize] {
                    if c.borrow_mut().take().is_none() {
                        return Err(self.unbound_cell(code, i as usize));
                    }
                }
            }
            Op::LoadClosure(i) => f.stack.push(Value::Obj(f.cells[i as usize].clone())),
            Op::LoadClassDeref(i) => {
                let name = cell_name(code, i as usize);
                let found = match f
                    .locals_dict
                    .as_ref()
                    .and_then(|d| d.as_obj())
                    .map(|o| &**o)
                {
                    Some(Object::Dict(d)) => d.borrow().get_str(name).cloned(),
                    _ => None,
                };
                let v = match found {
                    Some(v) => Some(v),
                    None => match &*f.cells[i as usize] {
                        Object::Cell(c) => c.borrow().clone(),
                        _ => None,
                    },
                };
                match v {
                    Some(v) => f.stack.push(v),
                    None => return Err(self.unbound_cell(code, i as usize)),
                }
            }
            Op::DeleteGlobal(i) => {
                let name = &code.names[i as usize];
                let removed = match &*f.globals {
                    Object::Dict(d) => d
                        .borrow_mut()
                        .remove_str(name.as_str().unwrap_or(""))
                        .is_some(),
                    _ => false,
                };
                if !removed {
                    return Err(name_error(name));
                }
            }
            Op::LoadName(i) => {
                let name = &code.names[i as usize];
                let v = self.load_name(f, name)?;
                f.stack.push(v);
            }
            Op::StoreName(i) => {
                let v = pop(&mut f.stack);
                self.store_name(f, &code.names[i as usize], Some(v))?;
            }
            Op::DeleteName(i) => self.store_name(f, &code.names[i as usize], None)?,
            Op::DeleteAttr(i) => {
                let obj = pop(&mut f.stack);
                self.set_attr_v(&obj, &code.names[i as usize], None)?;
            }
            Op::CallMethodKw(n) => {
                let names = pop(&mut f.stack);
                let r = match names.as_obj().map(|o| &**o) {
                    Some(Object::Tuple(t)) => self.call_method_op(f, n as usize, t)?,
                    _ => self.call_method_op(f, n as usize, &[])?,
                };
                f.stack.push(r);
            }
            Op::DeleteSubscr => {
                let i = pop(&mut f.stack);
                let c = pop(&mut f.stack);
                ops::delitem(self, &c, &i)?;
            }
            Op::BuildSlice(n) => {
                let step = if n == 3 {
                    pop(&mut f.stack)
                } else {
                    Value::None
                };
                let stop = pop(&mut f.stack);
                let start = pop(&mut f.stack);
                f.stack
                    .push(Value::new_obj(Object::Slice { start, stop, step }));
            }
            Op::BuildList(n) => {
                let at = f.stack.len() - n as usize;
                let items: Vec<Value> = f.stack.drain(at..).collect();
                f.stack.push(Value::list(items));
            }
            Op::BuildSet(n) => {
                let at = f.stack.len() - n as usize;
                let items: Vec<Value> = f.stack.drain(at..).collect();
                let set = Value::new_obj(Object::Set(Default::default()));
                for it in items {
                    self.set_add(&set, it)?;
                }
                f.stack.push(set);
            }
            Op::BuildMap(n) => {
                let at = f.stack.len() - 2 * n as usize;
                let items: Vec<Value> = f.stack.drain(at..).collect();
                let d = Value::new_obj(Object::Dict(Default::default()));
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    ops::dict_set(self, &d, k, v)?;
                }
                f.stack.push(d);
            }
            Op::BuildString(n) => {
                let at = f.stack.len() - n as usize;
                let mut s = String::new();
                for v in f.stack.drain(at..) {
                    s.push_str(v.as_str().unwrap_or(""));
                }
                f.stack.push(Value::string(s));
            }
            Op::SetAdd(n) => {
                let v = pop(&mut f.stack);
                let target = f.stack[f.stack.len() - n as usize].clone();
                self.set_add(&target, v)?;
            }
            Op::MapAdd(n) => {
                let v = pop(&mut f.stack);
                let k = pop(&mut f.stack);
                let target = f.stack[f.stack.len() - n as usize].clone();
                ops::dict_set(self, &target, k, v)?;
            }
            Op::ListExtend(n) => {
                let it = pop(&mut f.stack);
                let items = ops::collect(self, &it)?;
                let target = &f.stack[f.stack.len() - n as usize];
                if let Some(Object::List(l)) = target.as_obj().map(|o| &**o) {
                    l.borrow_mut().extend(items);
                }
            }
            Op::SetUpdate(n) => {
                let it = pop(&mut f.stack);
                let items = ops::collect(self, &it)?;
                let target = f.stack[f.stack.len() - n as usize].clone();
                for v in items {
                    self.set_add(&target, v)?;
                }
            }
            Op::DictUpdate(n) | Op::DictMerge(n) => {
                let m = pop(&mut f.stack);
                let target = f.stack[f.stack.len() - n as usize].clone();
                let merge = matches!(op, Op::DictMerge(_));
                self.dict_update(&target, &m, merge)?;
            }
            Op::ListToTuple => {
                let l = pop(&mut f.stack);
                let items = match l.as_obj().map(|o| &**o) {
                    Some(Object::List(l)) => std::mem::take(&mut *l.borrow_mut()),
                    _ => vec![],
                };
                f.stack.push(Value::tuple(items));
            }
            Op::FormatValue(flags) => {
                let spec = if flags & 4 != 0 {
                    Some(pop(&mut f.stack))
                } else {
                    None
                };
                let v = pop(&mut f.stack);
                let r = self.format_value(v, flags & 3, spec)?;
                f.stack.push(r);
            }
            Op::UnpackEx { before, after } => {
                let v = pop(&mut f.stack);
                self.unpack(&mut f.stack, v, before as usize, Some(after as usize))?;
            }
            Op::MakeFunction(flags) => {
                let func = self.make_function(f, flags)?;
                f.stack.push(func);
            }
            Op::CallKw(n) => {
                let names = pop(&mut f.stack);
                let base = f.stack.len() - n as usize - 1;
                let r = match names.as_obj().map(|o| &**o) {
                    Some(Object::Tuple(t)) => self.call_op(f, base, t)?,
                    _ => self.call_op(f, base, &[])?,
                };
                f.stack.push(r);
            }
            Op::CallEx(flags) => {
                let kw = if flags & 1 != 0 {
                    Some(pop(&mut f.stack))
                } else {
                    None
                };
                let args = pop(&mut f.stack);
                let func = pop(&mut f.stack);
                self.poll_breaker()?;
                let r =
                    self.with_frame_ctx(f, &func, |vm| vm.call_ex(&func, &args, kw.as_ref()))?;
                f.stack.push(r);
            }
            Op::LoadSuperMethod(i) => self.load_super_method(f, code, i as usize)?,
            Op::LoadBuildClass => {
                let v = self
                    .builtin("__build_class__")
                    .ok_or_else(|| name_error(&Value::str("__build_class__")))?;
                f.stack.push(v);
            }
            Op::ImportName(i) => {
                let m = self.import_module(code.names[i as usize].as_str().unwrap_or(""))?;
                f.stack.push(m);
            }
            Op::ImportTop(i) => {
                let name = code.names[i as usize].as_str().unwrap_or("");
                self.import_module(name)?;
                let top = name.split('.').next().unwrap_or(name);
                let m = self.import_module(top)?;
                f.stack.push(m);
            }
            Op::ImportFrom(i) => {
                let m = top(&f.stack).clone();
                let v = self.import_from(&m, &code.names[i as usize])?;
                f.stack.push(v);
            }
            Op::ImportStar => {
                let m = pop(&mut f.stack);
                self.import_star(f, &m)?;
            }
            Op::PopExcept => {
                if let Some(Block::Handler { prev, .. }) = f.blocks.pop() {
                    self.cur_exc = prev;
                }
            }
            Op::RaiseVarargs(n) => return Err(self.raise_op(f, n)),
            Op::Reraise => {
                let e = pop(&mut f.stack);
                f.reraised = true;
                return Err(Error::Obj(e));
            }
            Op::ExceptStart => {
                if self.is_termination(top(&f.stack)) {
                    let e = pop(&mut f.stack);
                    f.reraised = true;
                    return Err(Error::Obj(e));
                }
            }
            Op::CheckExcMatch => {
                let cls = pop(&mut f.stack);
                let exc = top(&f.stack).clone();
                let r = self.exc_match(&exc, &cls)?;
                f.stack.push(Value::Bool(r));
            }
            Op::LoadAssertionError => f
                .stack
                .push(Value::Obj(self.exc_type(ExcKind::AssertionError))),
            Op::BeforeWith => {
                let mgr = pop(&mut f.stack);
                let (exit, entered) = self.before_with(&mgr)?;
                f.stack.push(exit);
                f.stack.push(entered);
            }
            Op::WithExitNormal => {
                let exit = pop(&mut f.stack);
                self.call(&exit, &[Value::None, Value::None, Value::None])?;
            }
            Op::WithExceptStart => {
                let exc = top(&f.stack).clone();
                let exit = f.stack[f.stack.len() - 2].clone();
                let ty = Value::Obj(self.type_of(&exc));
                let terminating = self.is_termination(&exc);
                let r = self.call(&exit, &[ty, exc, Value::None])?;
                // `__exit__` runs, but cannot suppress a termination.
                f.stack
                    .push(if terminating { Value::Bool(false) } else { r });
            }
            Op::GetYieldFromIter => {
                let v = pop(&mut f.stack);
                let it = match v.as_obj().map(|o| &**o) {
                    Some(Object::Generator(_)) => v,
                    _ => ops::iter(self, &v)?,
                };
                f.stack.push(it);
            }
            Op::Send(t) => {
                let v = pop(&mut f.stack);
                let sub = top(&f.stack).clone();
                match self.send_to(&sub, v)? {
                    Exit::Yield(y) => f.stack.push(y),
                    Exit::Return(r) => {
                        f.stack.pop();
                        f.stack.push(r);
                        f.pc = t as usize;
                    }
                }
            }
            Op::PrintExpr => {
                let v = pop(&mut f.stack);
                if !v.is_none() {
                    let r = ops::repr(self, &v)?;
                    self.write_stdout(&format!("{r}\n"))?;
                    self.set_builtin("_", v);
                }
            }
            Op::GetLen
            | Op::MatchMapping
            | Op::MatchSequence
            | Op::MatchKeys
            | Op::CopyDictWithoutKeys
            | Op::MatchClass(_) => self.exec_match(f, op)?,
            _ => {
                return Err(Error::new(
                    ExcKind::SystemError,
                    format!("unexpected opcode {op:?} in exec_cold"),
                ))
            }
        }
        Ok(None)
    }
}

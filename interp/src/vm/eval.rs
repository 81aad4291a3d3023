//! The dispatch loop. `run_inner` executes instructions until the frame
//! returns, yields or raises; `run_frame` wraps it with unwinding: on an
//! error it records the traceback entry, looks for a handler on the block
//! stack and, if one is found, re-enters the loop there.
//!
//! Hot cases (int/float arithmetic and comparisons, calls of conc
//! functions, method calls, globals) are handled inline before falling back
//! to the general protocols in `ops`.

use conc_grammar::ast::{BinOp, CmpOp};

use crate::bytecode::{Op, UnaryKind};
use crate::error::{Error, ExcKind, PyResult};
use crate::object::Object;
use crate::value::Value;

use super::frame::{Block, Frame};
use super::{ops, Vm};

/// How a frame stopped running.
pub(crate) enum Exit {
    Return(Value),
    Yield(Value),
}

#[inline(always)]
fn pop(stack: &mut Vec<Value>) -> Value {
    stack.pop().unwrap_or_default()
}

#[inline(always)]
fn top(stack: &[Value]) -> &Value {
    stack.last().unwrap_or(&Value::None)
}

/// `a op b` on two small ints without overflow, if defined there.
#[inline(always)]
fn int_binop(a: i64, op: BinOp, b: i64) -> Option<Value> {
    Some(Value::Int(match op {
        BinOp::Add => a.checked_add(b)?,
        BinOp::Sub => a.checked_sub(b)?,
        BinOp::Mul => a.checked_mul(b)?,
        BinOp::FloorDiv if b != 0 => {
            let q = a.checked_div(b)?;
            if (a % b != 0) && ((a < 0) != (b < 0)) {
                q - 1
            } else {
                q
            }
        }
        BinOp::Mod if b != 0 => {
            let r = a.checked_rem(b)?;
            if r != 0 && ((r < 0) != (b < 0)) {
                r + b
            } else {
                r
            }
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        BinOp::Div if b != 0 => return Some(Value::Float(a as f64 / b as f64)),
        BinOp::Pow if b >= 0 => a.checked_pow(u32::try_from(b).ok()?)?,
        _ => return None,
    }))
}

#[inline(always)]
fn float_binop(a: f64, op: BinOp, b: f64) -> Option<Value> {
    Some(Value::Float(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div if b != 0.0 => a / b,
        // The general path handles 0.0 ** -y, complex results and overflow.
        BinOp::Pow if a > 0.0 => {
            let r = a.powf(b);
            if r.is_infinite() && a.is_finite() && b.is_finite() {
                return None;
            }
            r
        }
        _ => return None,
    }))
}

/// `c[i] = v` for a list and an int index in range; gives `v` back when
/// the general path must handle it.
#[inline(always)]
fn list_store_fast(c: &Value, i: &Value, v: Value) -> Option<Value> {
    if let (Value::Obj(o), Value::Int(k)) = (c, i) {
        if let Object::List(l) = &**o {
            let mut l = l.borrow_mut();
            let k = if *k < 0 { *k + l.len() as i64 } else { *k };
            if k >= 0 {
                if let Some(slot) = l.get_mut(k as usize) {
                    let old = std::mem::replace(slot, v);
                    drop(l);
                    drop(old);
                    return None;
                }
            }
        }
    }
    Some(v)
}

#[inline(always)]
fn cmp_fast<T: PartialOrd>(a: T, op: CmpOp, b: T) -> Option<bool> {
    Some(match op {
        CmpOp::Eq => a == b,
        CmpOp::NotEq => a != b,
        CmpOp::Lt => a < b,
        CmpOp::LtE => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::GtE => a >= b,
        _ => return None,
    })
}

impl Vm {
    /// Runs a frame until it returns or yields. `pending` injects an error
    /// at the current instruction (generator `throw`).
    pub(crate) fn run_frame(&mut self, f: &mut Frame, pending: Option<Error>) -> PyResult<Exit> {
        let code = f.code.clone();
        self.run_frame_code(f, &code, pending)
    }

    /// `run_frame` with the frame's code passed in by a caller that holds
    /// it anyway (no refcount traffic on the code per call).
    pub(crate) fn run_frame_code(
        &mut self,
        f: &mut Frame,
        code: &crate::bytecode::Code,
        mut pending: Option<Error>,
    ) -> PyResult<Exit> {
        let entry_exc = self.cur_exc.clone();
        loop {
            let err = match pending.take() {
                Some(e) => e,
                None => match self.run_inner(f, code) {
                    Ok(exit) => {
                        self.cur_exc = entry_exc;
                        return Ok(exit);
                    }
                    Err(e) => e,
                },
            };
            let exc = self.materialize(err);
            if f.reraised {
                f.reraised = false;
            } else {
                self.chain_context(&exc);
                let line = f.line();
                self.add_traceback(&exc, &f.code, line);
            }
            if let Some(h) = self.find_handler(f, &exc) {
                f.pc = h as usize;
                continue;
            }
            self.cur_exc = entry_exc;
            return Err(Error::Obj(exc));
        }
    }

    /// Pops blocks until an `Except` block: enters its handler (pushing the
    /// exception and a handler block). Handler blocks popped on the way
    /// restore the previously handled exception.
    fn find_handler(&mut self, f: &mut Frame, exc: &Value) -> Option<u32> {
        while let Some(b) = f.blocks.pop() {
            match b {
                Block::Except { handler, depth } => {
                    f.stack.truncate(depth as usize);
                    f.stack.push(exc.clone());
                    let prev = self.cur_exc.replace(exc.clone());
                    f.blocks.push(Block::Handler { depth, prev });
                    return Some(handler);
                }
                Block::Handler { depth, prev } => {
                    self.cur_exc = prev;
                    f.stack.truncate(depth as usize);
                }
            }
        }
        None
    }

    fn run_inner(&mut self, f: &mut Frame, code: &crate::bytecode::Code) -> PyResult<Exit> {
        let ops_: &[Op] = &code.ops;
        loop {
            let Some(&op) = ops_.get(f.pc) else {
                return Ok(Exit::Return(Value::None));
            };
            f.pc += 1;
            match op {
                Op::Nop => {}
                Op::Pop => {
                    f.stack.pop();
                }
                Op::Copy(n) => {
                    let v = f.stack[f.stack.len() - n as usize].clone();
                    f.stack.push(v);
                }
                Op::Swap(n) => {
                    let len = f.stack.len();
                    f.stack.swap(len - 1, len - n as usize);
                }
                Op::LoadConst(i) => f.stack.push(code.consts[i as usize].clone()),
                Op::LoadFast(i) => match &f.locals[i as usize] {
                    Some(v) => {
                        let v = v.clone();
                        f.stack.push(v)
                    }
                    None => return Err(unbound_local(&code.varnames[i as usize])),
                },
                Op::StoreFast(i) => f.locals[i as usize] = Some(pop(&mut f.stack)),
                Op::DeleteFast(i) => {
                    if f.locals[i as usize].take().is_none() {
                        return Err(unbound_local(&code.varnames[i as usize]));
                    }
                }
                Op::LoadDeref(i) => {
                    let v = match &*f.cells[i as usize] {
                        Object::Cell(c) => c.borrow().clone(),
                        _ => None,
                    };
                    match v {
                        Some(v) => f.stack.push(v),
                        None => return Err(self.unbound_cell(code, i as usize)),
                    }
                }
                Op::StoreDeref(i) => {
                    let v = pop(&mut f.stack);
                    if let Object::Cell(c) = &*f.cells[i as usize] {
                        *c.borrow_mut() = Some(v);
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
                Op::LoadGlobal(i) => {
                    let v = self.load_global(f, code, i as usize)?;
                    f.stack.push(v);
                }
                Op::StoreGlobal(i) => {
                    let v = pop(&mut f.stack);
                    if let Object::Dict(d) = &*f.globals {
                        d.borrow_mut()
                            .set_by_str_value(code.names[i as usize].clone(), v);
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
                Op::LoadAttr(i) => {
                    let obj = pop(&mut f.stack);
                    let hint = code.hints.get(i as usize);
                    let v = self.get_attr_h(&obj, &code.names[i as usize], hint)?;
                    f.stack.push(v);
                }
                Op::StoreAttr(i) => {
                    let obj = pop(&mut f.stack);
                    let v = pop(&mut f.stack);
                    let hint = code.hints.get(i as usize);
                    self.set_attr_h(&obj, &code.names[i as usize], Some(v), hint)?;
                }
                Op::DeleteAttr(i) => {
                    let obj = pop(&mut f.stack);
                    self.set_attr_v(&obj, &code.names[i as usize], None)?;
                }
                Op::LoadMethod(i) => {
                    let obj = pop(&mut f.stack);
                    let (m, with_self) = self.load_method(&obj, &code.names[i as usize])?;
                    f.stack.push(m);
                    f.stack.push(if with_self {
                        obj
                    } else {
                        Value::Obj(self.state.null.clone())
                    });
                }
                Op::CallMethod(n) => {
                    let r = self.call_method_op(f, n as usize, &[])?;
                    f.stack.push(r);
                }
                Op::CallMethodKw(n) => {
                    let names = pop(&mut f.stack);
                    let r = match names.as_obj().map(|o| &**o) {
                        Some(Object::Tuple(t)) => self.call_method_op(f, n as usize, t)?,
                        _ => self.call_method_op(f, n as usize, &[])?,
                    };
                    f.stack.push(r);
                }
                Op::BinaryOp(op) | Op::InplaceOp(op) => {
                    let b = pop(&mut f.stack);
                    let a = pop(&mut f.stack);
                    let fast = match (&a, &b) {
                        (Value::Int(x), Value::Int(y)) => int_binop(*x, op, *y),
                        (Value::Float(x), Value::Float(y)) => float_binop(*x, op, *y),
                        (Value::Float(x), Value::Int(y)) if y.unsigned_abs() < (1 << 53) => {
                            float_binop(*x, op, *y as f64)
                        }
                        (Value::Int(x), Value::Float(y)) if x.unsigned_abs() < (1 << 53) => {
                            float_binop(*x as f64, op, *y)
                        }
                        _ => None,
                    };
                    let r = match fast {
                        Some(r) => r,
                        None if matches!(ops_[f.pc - 1], Op::InplaceOp(_)) => {
                            ops::inplace_op(self, &a, op, &b)?
                        }
                        None => ops::binary_op(self, &a, op, &b)?,
                    };
                    f.stack.push(r);
                }
                Op::UnaryOp(k) => {
                    let v = pop(&mut f.stack);
                    let r = match (k, &v) {
                        (UnaryKind::Not, Value::Bool(b)) => Value::Bool(!b),
                        (UnaryKind::Neg, Value::Int(i)) if *i != i64::MIN => Value::Int(-i),
                        (UnaryKind::Neg, Value::Float(x)) => Value::Float(-x),
                        (UnaryKind::Not, _) => Value::Bool(!ops::truthy(self, &v)?),
                        _ => ops::unary_op(self, &v, k)?,
                    };
                    f.stack.push(r);
                }
                Op::CompareOp(op) => {
                    let b = pop(&mut f.stack);
                    let a = pop(&mut f.stack);
                    let fast = match (&a, &b) {
                        (Value::Int(x), Value::Int(y)) => cmp_fast(*x, op, *y),
                        (Value::Float(x), Value::Float(y)) => cmp_fast(*x, op, *y),
                        _ => match op {
                            CmpOp::Is => Some(a.is(&b)),
                            CmpOp::IsNot => Some(!a.is(&b)),
                            _ => None,
                        },
                    };
                    let r = match fast {
                        Some(r) => Value::Bool(r),
                        None => ops::compare(self, &a, op, &b)?,
                    };
                    f.stack.push(r);
                }
                Op::BinarySubscr => {
                    let i = pop(&mut f.stack);
                    let c = pop(&mut f.stack);
                    let fast = match (&c, &i) {
                        (Value::Obj(o), Value::Int(k)) => match &**o {
                            Object::List(l) => {
                                let l = l.borrow();
                                let k = if *k < 0 { *k + l.len() as i64 } else { *k };
                                (k >= 0).then(|| l.get(k as usize).cloned()).flatten()
                            }
                            Object::Tuple(t) => {
                                let k = if *k < 0 { *k + t.len() as i64 } else { *k };
                                (k >= 0).then(|| t.get(k as usize).cloned()).flatten()
                            }
                            _ => None,
                        },
                        _ => None,
                    };
                    let r = match fast {
                        Some(r) => r,
                        None => ops::getitem(self, &c, &i)?,
                    };
                    f.stack.push(r);
                }
                Op::StoreSubscr => {
                    let i = pop(&mut f.stack);
                    let c = pop(&mut f.stack);
                    let v = pop(&mut f.stack);
                    if let Some(v) = list_store_fast(&c, &i, v) {
                        ops::setitem(self, &c, &i, v)?;
                    }
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
                Op::BuildTuple(n) => {
                    let at = f.stack.len() - n as usize;
                    let items: Vec<Value> = f.stack.drain(at..).collect();
                    f.stack.push(Value::tuple(items));
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
                Op::ListAppend(n) => {
                    let v = pop(&mut f.stack);
                    let target = &f.stack[f.stack.len() - n as usize];
                    if let Some(Object::List(l)) = target.as_obj().map(|o| &**o) {
                        l.borrow_mut().push(v);
                    }
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
                Op::UnpackSequence(n) => {
                    let v = pop(&mut f.stack);
                    self.unpack(&mut f.stack, v, n as usize, None)?;
                }
                Op::UnpackEx { before, after } => {
                    let v = pop(&mut f.stack);
                    self.unpack(&mut f.stack, v, before as usize, Some(after as usize))?;
                }
                Op::Jump(t) => f.pc = t as usize,
                Op::JumpBackward(t) => {
                    f.pc = t as usize;
                    self.poll_breaker()?;
                }
                Op::PopJumpIfFalse(t) => {
                    let v = pop(&mut f.stack);
                    let b = match v {
                        Value::Bool(b) => b,
                        _ => ops::truthy(self, &v)?,
                    };
                    if !b {
                        f.pc = t as usize;
                    }
                }
                Op::PopJumpIfTrue(t) => {
                    let v = pop(&mut f.stack);
                    let b = match v {
                        Value::Bool(b) => b,
                        _ => ops::truthy(self, &v)?,
                    };
                    if b {
                        f.pc = t as usize;
                    }
                }
                Op::JumpIfFalseOrPop(t) => {
                    let v = top(&f.stack).clone();
                    if ops::truthy(self, &v)? {
                        f.stack.pop();
                    } else {
                        f.pc = t as usize;
                    }
                }
                Op::JumpIfTrueOrPop(t) => {
                    let v = top(&f.stack).clone();
                    if ops::truthy(self, &v)? {
                        f.pc = t as usize;
                    } else {
                        f.stack.pop();
                    }
                }
                Op::GetIter => {
                    let v = pop(&mut f.stack);
                    let it = ops::iter(self, &v)?;
                    f.stack.push(it);
                }
                Op::ForIter(t) => {
                    let it = top(&f.stack).clone();
                    match ops::next(self, &it)? {
                        Some(v) => f.stack.push(v),
                        None => {
                            f.stack.pop();
                            f.pc = t as usize;
                        }
                    }
                }
                Op::MakeFunction(flags) => {
                    let func = self.make_function(f, flags)?;
                    f.stack.push(func);
                }
                Op::Call(n) => {
                    let base = f.stack.len() - n as usize - 1;
                    let r = self.call_op(f, base, &[])?;
                    f.stack.push(r);
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
                Op::ReturnValue => return Ok(Exit::Return(pop(&mut f.stack))),
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
                Op::SetupExcept(h) => f.blocks.push(Block::Except {
                    handler: h,
                    depth: f.stack.len() as u32,
                }),
                Op::PopBlock => {
                    f.blocks.pop();
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
                    let r = self.call(&exit, &[ty, exc, Value::None])?;
                    f.stack.push(r);
                }
                Op::YieldValue(_) => return Ok(Exit::Yield(pop(&mut f.stack))),
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
            }
        }
    }

    #[inline]
    fn load_global(
        &mut self,
        f: &Frame,
        code: &crate::bytecode::Code,
        i: usize,
    ) -> PyResult<Value> {
        let name = &code.names[i];
        if let (Object::Dict(d), Some(h)) = (&*f.globals, code.hints.get(i)) {
            if let Some(v) = super::cache::dict_get_hinted(&d.borrow(), name, h) {
                return Ok(v.clone());
            }
        }
        self.load_global_slow(f, name)
    }

    fn load_global_slow(&mut self, f: &Frame, name: &Value) -> PyResult<Value> {
        if let Object::Dict(d) = &*f.globals {
            if let Some(v) = d.borrow().get_by_str_value(name) {
                return Ok(v.clone());
            }
        }
        if let Object::Dict(d) = &*self.state.builtins {
            if let Some(v) = d.borrow().get_by_str_value(name) {
                return Ok(v.clone());
            }
        }
        Err(name_error(name))
    }

    fn load_name(&mut self, f: &Frame, name: &Value) -> PyResult<Value> {
        if let Some(ld) = &f.locals_dict {
            match ld.as_obj().map(|o| &**o) {
                Some(Object::Dict(d)) => {
                    if let Some(v) = d.borrow().get_by_str_value(name) {
                        return Ok(v.clone());
                    }
                }
                _ => match ops::getitem(self, ld, name) {
                    Ok(v) => return Ok(v),
                    Err(e) if self.error_matches(&e, ExcKind::KeyError) => {}
                    Err(e) => return Err(e),
                },
            }
        }
        self.load_global_slow(f, name)
    }

    fn store_name(&mut self, f: &Frame, name: &Value, v: Option<Value>) -> PyResult<()> {
        let target = match &f.locals_dict {
            Some(ld) => ld.clone(),
            None => Value::Obj(f.globals.clone()),
        };
        match (target.as_obj().map(|o| &**o), v) {
            (Some(Object::Dict(d)), Some(v)) => {
                d.borrow_mut().set_by_str_value(name.clone(), v);
            }
            (Some(Object::Dict(d)), None) => {
                if d.borrow_mut()
                    .remove_str(name.as_str().unwrap_or(""))
                    .is_none()
                {
                    return Err(name_error(name));
                }
            }
            (_, Some(v)) => ops::setitem(self, &target, name, v)?,
            (_, None) => ops::delitem(self, &target, name)?,
        }
        Ok(())
    }

    fn unbound_cell(&self, code: &crate::bytecode::Code, i: usize) -> Error {
        let name = cell_name(code, i);
        if i < code.cellvars.len() {
            unbound_local(name)
        } else {
            Error::new(
                ExcKind::NameError,
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            )
        }
    }

    /// `Call`: stack[base] is the callable, the arguments follow.
    #[inline]
    fn call_op(&mut self, f: &mut Frame, base: usize, kwnames: &[Value]) -> PyResult<Value> {
        let (callable, args) = match f.stack.get(base..) {
            Some([c, args @ ..]) => (c, args),
            _ => return Err(Error::new(ExcKind::SystemError, "call: stack underflow")),
        };
        let r = match callable {
            Value::Obj(o) => match &**o {
                Object::Function(func) => {
                    self.poll_breaker()?;
                    self.call_function(func, args, kwnames)
                }
                Object::NativeFunction(nf)
                    if nf.owner.as_deref() != Some(super::builtins::FRAME_OWNER) =>
                {
                    self.call_native(nf, args, kwnames)
                }
                _ => self.with_frame_ctx(f, callable, |vm| vm.call_kw(callable, args, kwnames)),
            },
            _ => self.call_kw(callable, &[], kwnames),
        };
        f.stack.truncate(base);
        r
    }

    /// `CallMethod`: stack `method, self_or_null, args...`.
    #[inline]
    fn call_method_op(&mut self, f: &mut Frame, n: usize, kwnames: &[Value]) -> PyResult<Value> {
        let base = f.stack.len() - n - 2;
        let is_null = matches!(&f.stack[base + 1], Value::Obj(o) if crate::sync::Ref::ptr_eq(o, &self.state.null));
        let args_at = if is_null { base + 2 } else { base + 1 };
        let callable = &f.stack[base];
        let args = &f.stack[args_at..];
        let r = match callable {
            Value::Obj(o) => match &**o {
                Object::Function(func) => {
                    self.poll_breaker()?;
                    self.call_function(func, args, kwnames)
                }
                Object::NativeFunction(nf)
                    if nf.owner.as_deref() != Some(super::builtins::FRAME_OWNER) =>
                {
                    self.call_native(nf, args, kwnames)
                }
                _ => self.with_frame_ctx(f, callable, |vm| vm.call_kw(callable, args, kwnames)),
            },
            _ => self.call_kw(callable, &[], kwnames),
        };
        f.stack.truncate(base);
        r
    }
}

pub(crate) fn cell_name(code: &crate::bytecode::Code, i: usize) -> &str {
    if i < code.cellvars.len() {
        &code.cellvars[i]
    } else {
        code.freevars
            .get(i - code.cellvars.len())
            .map(|s| s.as_str())
            .unwrap_or("?")
    }
}

fn unbound_local(name: &str) -> Error {
    Error::new(
        ExcKind::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

pub(crate) fn name_error(name: &Value) -> Error {
    Error::new(
        ExcKind::NameError,
        format!("name '{}' is not defined", name.as_str().unwrap_or("?")),
    )
}

//! The dispatch loop. `run_inner` executes instructions until the frame
//! returns, yields or raises; `run_frame` wraps it with unwinding: on an
//! error it records the traceback entry, looks for a handler on the block
//! stack and, if one is found, re-enters the loop there.
//!
//! Hot cases (int/float arithmetic and comparisons, calls of conc
//! functions, method calls, globals) are handled inline before falling back
//! to the general protocols in `ops`.

use crate::ops::{BinaryOp, CompareOp, UnaryOp};

use crate::bytecode::Op;
use crate::error::{Error, PyResult};
use crate::object::Object;
use crate::value::Value;

use super::frame::{Block, Frame};
use super::{ops, Vm};

mod cold;
mod matching;
mod names;

use names::unbound_slot;
pub(crate) use names::{cell_name, name_error};

/// How a frame stopped running.
pub(crate) enum Exit {
    Return(Value),
    Yield(Value),
}

#[inline(always)]
pub(super) fn pop(stack: &mut Vec<Value>) -> Value {
    stack.pop().unwrap_or_default()
}

#[inline(always)]
pub(super) fn top(stack: &[Value]) -> &Value {
    stack.last().unwrap_or(&Value::None)
}

/// `a op b` on two small ints without overflow, if defined there.
#[inline(always)]
fn int_binop(a: i64, op: BinaryOp, b: i64) -> Option<Value> {
    Some(Value::Int(match op {
        BinaryOp::Add => a.checked_add(b)?,
        BinaryOp::Sub => a.checked_sub(b)?,
        BinaryOp::Mul => a.checked_mul(b)?,
        BinaryOp::FloorDiv if b != 0 => {
            let q = a.checked_div(b)?;
            if (a % b != 0) && ((a < 0) != (b < 0)) {
                q - 1
            } else {
                q
            }
        }
        BinaryOp::Mod if b != 0 => {
            let r = a.checked_rem(b)?;
            if r != 0 && ((r < 0) != (b < 0)) {
                r + b
            } else {
                r
            }
        }
        BinaryOp::BitAnd => a & b,
        BinaryOp::BitOr => a | b,
        BinaryOp::BitXor => a ^ b,
        BinaryOp::Div if b != 0 => return Some(Value::Float(a as f64 / b as f64)),
        BinaryOp::Pow if b >= 0 => a.checked_pow(u32::try_from(b).ok()?)?,
        _ => return None,
    }))
}

/// `a op b` for two ints or floats, if defined there without the general
/// protocol.
#[inline(always)]
fn number_binop(a: &Value, op: BinaryOp, b: &Value) -> Option<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => int_binop(*x, op, *y),
        (Value::Float(x), Value::Float(y)) => float_binop(*x, op, *y),
        (Value::Float(x), Value::Int(y)) if y.unsigned_abs() < (1 << 53) => {
            float_binop(*x, op, *y as f64)
        }
        (Value::Int(x), Value::Float(y)) if x.unsigned_abs() < (1 << 53) => {
            float_binop(*x as f64, op, *y)
        }
        _ => None,
    }
}

#[inline(always)]
fn float_binop(a: f64, op: BinaryOp, b: f64) -> Option<Value> {
    Some(Value::Float(match op {
        BinaryOp::Add => a + b,
        BinaryOp::Sub => a - b,
        BinaryOp::Mul => a * b,
        BinaryOp::Div if b != 0.0 => a / b,
        // The general path handles 0.0 ** -y, complex results and overflow.
        BinaryOp::Pow if a > 0.0 => {
            let r = a.powf(b);
            if r.is_infinite() && a.is_finite() && b.is_finite() {
                return None;
            }
            r
        }
        _ => return None,
    }))
}

/// `c[i]` for a list or tuple and an int index in range; `None` when the
/// general path must handle it.
#[inline(always)]
fn subscr_fast(c: &Value, i: &Value) -> Option<Value> {
    let (Value::Obj(o), Value::Int(k)) = (c, i) else {
        return None;
    };
    let item = |len: usize| {
        let k = if *k < 0 { *k + len as i64 } else { *k };
        usize::try_from(k).ok()
    };
    match &**o {
        Object::List(l) => {
            let l = l.borrow();
            l.get(item(l.len())?).cloned()
        }
        Object::Tuple(t) => t.get(item(t.len())?).cloned(),
        _ => None,
    }
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

/// Local slot `i`, or UnboundLocalError.
#[inline(always)]
fn load_fast(f: &Frame, code: &crate::bytecode::Code, i: usize) -> PyResult<Value> {
    match f.locals.get(i) {
        Some(Some(v)) => Ok(v.clone()),
        _ => Err(unbound_slot(code, i)),
    }
}

#[inline(always)]
fn cmp_fast<T: PartialOrd>(a: T, op: CompareOp, b: T) -> Option<bool> {
    Some(match op {
        CompareOp::Eq => a == b,
        CompareOp::NotEq => a != b,
        CompareOp::Lt => a < b,
        CompareOp::LtE => a <= b,
        CompareOp::Gt => a > b,
        CompareOp::GtE => a >= b,
        _ => return None,
    })
}

/// `a op b` for two strs and an ordering or equality operator (code point
/// order is the order of their UTF-8 bytes); `None` for anything else.
#[inline(always)]
fn str_cmp_fast(a: &Value, op: CompareOp, b: &Value) -> Option<bool> {
    let (Value::Obj(x), Value::Obj(y)) = (a, b) else {
        return None;
    };
    match (&**x, &**y) {
        (Object::Str(p), Object::Str(q)) => cmp_fast(p.as_str(), op, q.as_str()),
        _ => None,
    }
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
    #[inline(always)]
    pub(crate) fn run_frame_code(
        &mut self,
        f: &mut Frame,
        code: &crate::bytecode::Code,
        pending: Option<Error>,
    ) -> PyResult<Exit> {
        // The common case: no exception being handled on entry, none
        // pending: nothing to save, and unwinding only if the body raises.
        if pending.is_none() && self.cur_exc.is_none() {
            return match self.run_inner(f, code) {
                Ok(exit) => {
                    // A generator that yields keeps its handled exception
                    // for `resume_gen` to save.
                    if !matches!(exit, Exit::Yield(_)) {
                        self.cur_exc = None;
                    }
                    Ok(exit)
                }
                Err(e) => self.unwind(f, code, Some(e), None),
            };
        }
        let entry_exc = self.cur_exc.clone();
        self.unwind(f, code, pending, entry_exc)
    }

    /// Runs the frame from an error (`pending`, if any) on: handles it
    /// (jumping to a handler and running on) or returns it with this
    /// frame's traceback entry. `entry_exc` is the handled exception to
    /// restore when the frame returns or raises (not when it yields: see
    /// `resume_gen`).
    #[inline(never)]
    fn unwind(
        &mut self,
        f: &mut Frame,
        code: &crate::bytecode::Code,
        mut pending: Option<Error>,
        entry_exc: Option<Value>,
    ) -> PyResult<Exit> {
        loop {
            let err = match pending.take() {
                Some(e) => e,
                None => match self.run_inner(f, code) {
                    Ok(exit) => {
                        if !matches!(exit, Exit::Yield(_)) {
                            self.cur_exc = entry_exc;
                        }
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

    /// `c[i] = v`: lists with an int index inline, the rest through
    /// `ops::setitem`.
    #[inline(always)]
    fn store_subscr(&mut self, c: &Value, i: &Value, v: Value) -> PyResult<()> {
        match list_store_fast(c, i, v) {
            None => Ok(()),
            Some(v) => ops::setitem(self, c, i, v),
        }
    }

    /// `BinaryOp`/`InplaceOp`: replaces the top two values with `a op b`.
    /// Inlined into each handler, so with a constant `op` (the specialized
    /// instructions) the int and float cases compile to straight-line code.
    #[inline(always)]
    fn binary_op_at(&mut self, f: &mut Frame, op: BinaryOp, inplace: bool) -> PyResult<()> {
        let b = pop(&mut f.stack);
        self.binary_op_with(f, op, &b, inplace)
    }

    /// Replaces the top value `a` with `a op b` (numbers in place).
    #[inline(always)]
    fn binary_op_with(
        &mut self,
        f: &mut Frame,
        op: BinaryOp,
        b: &Value,
        inplace: bool,
    ) -> PyResult<()> {
        if let Some(a) = f.stack.last_mut() {
            if let Some(r) = number_binop(a, op, b) {
                *a = r;
                return Ok(());
            }
        }
        let a = pop(&mut f.stack);
        let r = if inplace {
            ops::inplace_op(self, &a, op, b)?
        } else {
            ops::binary_op(self, &a, op, b)?
        };
        f.stack.push(r);
        Ok(())
    }

    fn run_inner(&mut self, f: &mut Frame, code: &crate::bytecode::Code) -> PyResult<Exit> {
        let ops_: &[Op] = &code.ops;
        // The instruction index lives in a register; `f.pc` is written back
        // whenever something may look at it (errors, cold opcodes, exits).
        let mut pc = f.pc;
        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(e) => {
                        f.pc = pc;
                        return Err(e);
                    }
                }
            };
        }
        loop {
            let Some(&ins) = ops_.get(pc) else {
                f.pc = pc;
                return Ok(Exit::Return(Value::None));
            };
            pc += 1;
            match ins {
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
                Op::LoadFast(i) => match f.locals.get(i as usize) {
                    Some(Some(v)) => {
                        let v = v.clone();
                        f.stack.push(v)
                    }
                    _ => tri!(Err(unbound_slot(code, i as usize))),
                },
                Op::StoreFast(i) => f.locals[i as usize] = Some(pop(&mut f.stack)),
                Op::LoadFastLoadFast(a, b) => {
                    let x = tri!(load_fast(f, code, a as usize));
                    f.stack.push(x);
                    pc += 1;
                    let y = tri!(load_fast(f, code, b as usize));
                    f.stack.push(y);
                }
                Op::LoadFastLoadConst(a, c) => {
                    let x = tri!(load_fast(f, code, a as usize));
                    f.stack.push(x);
                    f.stack.push(code.consts[c as usize].clone());
                    pc += 1;
                }
                Op::StoreFastLoadFast(a, b) => {
                    f.locals[a as usize] = Some(pop(&mut f.stack));
                    pc += 1;
                    let y = tri!(load_fast(f, code, b as usize));
                    f.stack.push(y);
                }
                Op::StoreFastStoreFast(a, b) => {
                    f.locals[a as usize] = Some(pop(&mut f.stack));
                    f.locals[b as usize] = Some(pop(&mut f.stack));
                    pc += 1;
                }
                Op::LoadFastAttr(a, i) => {
                    let v = match f.locals.get(a as usize) {
                        Some(Some(obj)) => tri!(self.load_attr_op(obj, code, i as usize)),
                        _ => tri!(Err(unbound_slot(code, a as usize))),
                    };
                    f.stack.push(v);
                    pc += 1;
                }
                Op::JumpIfLocalNone(a, t) => match f.locals.get(a as usize) {
                    Some(Some(v)) => pc = if v.is_none() { t as usize } else { pc + 3 },
                    _ => tri!(Err(unbound_slot(code, a as usize))),
                },
                Op::JumpIfLocalNotNone(a, t) => match f.locals.get(a as usize) {
                    Some(Some(v)) => pc = if v.is_none() { pc + 3 } else { t as usize },
                    _ => tri!(Err(unbound_slot(code, a as usize))),
                },
                Op::LoadDeref(i) => {
                    let v = match &*f.cells[i as usize] {
                        Object::Cell(c) => c.borrow().clone(),
                        _ => None,
                    };
                    match v {
                        Some(v) => f.stack.push(v),
                        None => tri!(Err(self.unbound_cell(code, i as usize))),
                    }
                }
                Op::StoreDeref(i) => {
                    let v = pop(&mut f.stack);
                    if let Object::Cell(c) = &*f.cells[i as usize] {
                        *c.borrow_mut() = Some(v);
                    }
                }
                Op::LoadGlobal(i) => {
                    let v = tri!(self.load_global(f, code, i as usize));
                    f.stack.push(v);
                }
                Op::StoreGlobal(i) => {
                    let v = pop(&mut f.stack);
                    if let Object::Dict(d) = &*f.globals {
                        let name = &code.names[i as usize];
                        let mut d = d.borrow_mut();
                        match code.hints.get(i as usize) {
                            Some(h) => {
                                if let Some(v) = super::cache::dict_set_hinted(&mut d, name, h, v) {
                                    super::cache::dict_set_refresh_hint(&mut d, name, h, v);
                                }
                            }
                            None => {
                                d.set_by_str_value(name.clone(), v);
                            }
                        }
                    }
                }
                Op::LoadAttr(i) => {
                    let obj = pop(&mut f.stack);
                    let v = tri!(self.load_attr_op(&obj, code, i as usize));
                    f.stack.push(v);
                }
                Op::StoreAttr(i) => {
                    let obj = pop(&mut f.stack);
                    let v = pop(&mut f.stack);
                    tri!(self.store_attr_op(&obj, code, i as usize, v));
                }
                Op::LoadMethod(i) => {
                    let obj = pop(&mut f.stack);
                    let (m, with_self) = tri!(self.load_method_op(&obj, code, i as usize));
                    f.stack.push(m);
                    f.stack.push(if with_self {
                        obj
                    } else {
                        Value::Obj(self.state.null.clone())
                    });
                }
                Op::CallMethod(n) => {
                    // Callees may read the caller's line (`Vm::caller_location`).
                    f.pc = pc;
                    let r = tri!(self.call_method_op(f, n as usize, &[]));
                    f.stack.push(r);
                }
                Op::BinaryOp(op) => tri!(self.binary_op_at(f, op, false)),
                Op::InplaceOp(op) => tri!(self.binary_op_at(f, op, true)),
                Op::BinaryAdd => tri!(self.binary_op_at(f, BinaryOp::Add, false)),
                Op::AddConst(c) => {
                    tri!(self.binary_op_with(f, BinaryOp::Add, &code.consts[c as usize], false));
                    pc += 1;
                }
                Op::SubConst(c) => {
                    tri!(self.binary_op_with(f, BinaryOp::Sub, &code.consts[c as usize], false));
                    pc += 1;
                }
                Op::BinarySub => tri!(self.binary_op_at(f, BinaryOp::Sub, false)),
                Op::BinaryMul => tri!(self.binary_op_at(f, BinaryOp::Mul, false)),
                Op::InplaceAdd => tri!(self.binary_op_at(f, BinaryOp::Add, true)),
                Op::InplaceSub => tri!(self.binary_op_at(f, BinaryOp::Sub, true)),
                Op::UnaryOp(k) => {
                    let v = pop(&mut f.stack);
                    let r = match (k, &v) {
                        (UnaryOp::Not, Value::Bool(b)) => Value::Bool(!b),
                        (UnaryOp::Neg, Value::Int(i)) if *i != i64::MIN => Value::Int(-i),
                        (UnaryOp::Neg, Value::Float(x)) => Value::Float(-x),
                        (UnaryOp::Not, _) => Value::Bool(!tri!(ops::truthy(self, &v))),
                        _ => tri!(ops::unary_op(self, &v, k)),
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
                            CompareOp::Is => Some(a.is(&b)),
                            CompareOp::IsNot => Some(!a.is(&b)),
                            _ => str_cmp_fast(&a, op, &b),
                        },
                    };
                    match fast {
                        // A comparison feeding a conditional jump (the
                        // common `if`/`while` test) takes the jump at once.
                        Some(r) => match ops_.get(pc) {
                            Some(&Op::PopJumpIfFalse(t)) => {
                                pc = if r { pc + 1 } else { t as usize };
                            }
                            Some(&Op::PopJumpIfTrue(t)) => {
                                pc = if r { t as usize } else { pc + 1 };
                            }
                            _ => f.stack.push(Value::Bool(r)),
                        },
                        None => {
                            let r = tri!(ops::compare(self, &a, op, &b));
                            f.stack.push(r);
                        }
                    }
                }
                Op::BinarySubscr => {
                    let i = pop(&mut f.stack);
                    let c = pop(&mut f.stack);
                    let r = match subscr_fast(&c, &i) {
                        Some(r) => r,
                        None => tri!(ops::getitem(self, &c, &i)),
                    };
                    f.stack.push(r);
                }
                Op::SubscrKeep => {
                    let r = match f.stack.as_slice() {
                        [.., c, i] => match subscr_fast(c, i) {
                            Some(r) => r,
                            None => tri!(ops::getitem(self, c, i)),
                        },
                        _ => tri!(Err(Error::new(
                            crate::error::ExcKind::SystemError,
                            "SubscrKeep: stack underflow"
                        ))),
                    };
                    f.stack.push(r);
                }
                Op::StoreSubscr => {
                    let i = pop(&mut f.stack);
                    let c = pop(&mut f.stack);
                    let v = pop(&mut f.stack);
                    tri!(self.store_subscr(&c, &i, v));
                }
                Op::StoreSubscrAug => {
                    let v = pop(&mut f.stack);
                    let i = pop(&mut f.stack);
                    let c = pop(&mut f.stack);
                    tri!(self.store_subscr(&c, &i, v));
                }
                Op::BuildTuple(n) => {
                    let at = f.stack.len() - n as usize;
                    let items: Vec<Value> = f.stack.drain(at..).collect();
                    f.stack.push(Value::tuple(items));
                }
                Op::ListAppend(n) => {
                    let v = pop(&mut f.stack);
                    let target = &f.stack[f.stack.len() - n as usize];
                    if let Some(Object::List(l)) = target.as_obj().map(|o| &**o) {
                        l.borrow_mut().push(v);
                    }
                }
                Op::UnpackSequence(n) => {
                    let v = pop(&mut f.stack);
                    // Exact-length tuples and lists (the common `a, b = ...`,
                    // `[x, y, z] = v`) inline.
                    match v.as_obj().map(|o| &**o) {
                        Some(Object::Tuple(t)) if t.len() == n as usize => {
                            f.stack.extend(t.iter().rev().cloned());
                            continue;
                        }
                        Some(Object::List(l)) => {
                            let l = l.borrow();
                            if l.len() == n as usize {
                                f.stack.extend(l.iter().rev().cloned());
                                continue;
                            }
                        }
                        _ => {}
                    }
                    tri!(self.unpack(&mut f.stack, v, n as usize, None));
                }
                Op::Jump(t) => pc = t as usize,
                // Entering and leaving a `try` that raises nothing is the
                // common case: kept out of `exec_cold`'s call.
                Op::SetupExcept(h) => f.blocks.push(Block::Except {
                    handler: h,
                    depth: f.stack.len() as u32,
                }),
                Op::PopBlock => {
                    f.blocks.pop();
                }
                Op::JumpBackward(t) => {
                    // Polled before jumping: an exception raised by the poll
                    // (Ctrl-C) is reported at the loop's last line, not at
                    // the line before the loop's start.
                    tri!(self.poll_breaker());
                    pc = t as usize;
                }
                Op::PopJumpIfFalse(t) => {
                    let v = pop(&mut f.stack);
                    let b = match v {
                        Value::Bool(b) => b,
                        _ => tri!(ops::truthy(self, &v)),
                    };
                    if !b {
                        pc = t as usize;
                    }
                }
                Op::PopJumpIfTrue(t) => {
                    let v = pop(&mut f.stack);
                    let b = match v {
                        Value::Bool(b) => b,
                        _ => tri!(ops::truthy(self, &v)),
                    };
                    if b {
                        pc = t as usize;
                    }
                }
                Op::JumpIfFalseOrPop(t) => {
                    let v = top(&f.stack).clone();
                    if tri!(ops::truthy(self, &v)) {
                        f.stack.pop();
                    } else {
                        pc = t as usize;
                    }
                }
                Op::JumpIfTrueOrPop(t) => {
                    let v = top(&f.stack).clone();
                    if tri!(ops::truthy(self, &v)) {
                        pc = t as usize;
                    } else {
                        f.stack.pop();
                    }
                }
                Op::GetIter => {
                    let v = pop(&mut f.stack);
                    let it = tri!(ops::iter(self, &v));
                    f.stack.push(it);
                }
                Op::ForIter(t) => {
                    // Ranges, lists, tuples and dicts step here; everything
                    // else (and the end of those) goes through `ops::next`.
                    // `for k, v in d.items()` takes the pair without a tuple.
                    if let (Some(Op::UnpackSequence(2)), Some(Value::Obj(o))) =
                        (ops_.get(pc), f.stack.last())
                    {
                        if let Object::Iter(st) = &**o {
                            let pair = st.borrow_mut().step_items_pair();
                            if let Some((k, v)) = pair {
                                f.stack.push(v);
                                f.stack.push(k);
                                pc += 1;
                                continue;
                            }
                        }
                    }
                    let fast = match f.stack.last() {
                        Some(Value::Obj(o)) => match &**o {
                            Object::Iter(st) => st.borrow_mut().step_fast(),
                            _ => None,
                        },
                        _ => None,
                    };
                    if let Some(v) = fast {
                        // `for x in ...` with a local target: the item goes
                        // straight to its slot, without a push, a dispatch
                        // and a pop.
                        if let Some(&Op::StoreFast(i)) = ops_.get(pc) {
                            if let Some(slot) = f.locals.get_mut(i as usize) {
                                let old = slot.replace(v);
                                drop(old);
                                pc += 1;
                                continue;
                            }
                        }
                        f.stack.push(v);
                        continue;
                    }
                    let it = top(&f.stack).clone();
                    match tri!(ops::next(self, &it)) {
                        Some(v) => f.stack.push(v),
                        None => {
                            f.stack.pop();
                            pc = t as usize;
                        }
                    }
                }
                Op::Call(n) => {
                    f.pc = pc;
                    let base = f.stack.len().wrapping_sub(n as usize + 1);
                    let r = tri!(self.call_op(f, base, &[]));
                    f.stack.push(r);
                }
                Op::ReturnValue => {
                    f.pc = pc;
                    return Ok(Exit::Return(pop(&mut f.stack)));
                }
                Op::YieldValue(_) => {
                    f.pc = pc;
                    return Ok(Exit::Yield(pop(&mut f.stack)));
                }
                _ => {
                    f.pc = pc;
                    let r = self.exec_cold(f, code, ins);
                    pc = f.pc;
                    match r {
                        Ok(None) => {}
                        Ok(Some(exit)) => return Ok(exit),
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }
}

//! Generators: the frame of a generator function lives in the generator
//! object between resumptions. While it runs, the frame is taken out of the
//! object (so no borrow is held across script code) and the state says
//! "running" (a re-entrant `next` is a ValueError, as in Python).
//!
//! The exception a generator handles when it yields inside an `except`
//! block is its own, as in CPython: it is saved in the generator at the
//! yield (the caller's handled exception comes back) and is the handled one
//! again on resume, for a bare `raise` and `sys.exc_info()`.
//!
//! A suspended generator dropped before it finished is closed, as CPython's
//! finalizer does: its `finally` blocks and `with` exits run. `Drop` has no
//! `Vm` and may run anywhere (inside another drop, under a borrow), so it
//! only queues the generator — its frame moved into a fresh generator
//! object — on a per-thread list and sets `GENERATORS_DROPPED` in the eval
//! breaker; the same thread closes the queued ones at its next poll point
//! (`close_dropped_generators`), and at the end of each top-level run.

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use crate::bytecode::Op;
use crate::error::{Error, ExcKind, PyResult};
use crate::object::{Args, FunctionObj, NativeFnPtr, Object};
use crate::sync::ObjCell;
use crate::value::Value;

use super::eval::Exit;
use super::frame::{Block, Frame};
use super::Vm;

const CREATED: u8 = 0;
const SUSPENDED: u8 = 1;
const RUNNING: u8 = 2;
const DONE: u8 = 3;

pub struct GeneratorObj {
    pub name: String,
    pub qualname: String,
    frame: ObjCell<Option<Box<Frame>>>,
    /// The exception being handled in the generator when it last yielded
    /// (inside an `except` or `finally` block).
    exc: ObjCell<Option<Value>>,
    state: AtomicU8,
    /// The interpreter's GIL, whose eval breaker a drop while suspended sets.
    gil: Arc<crate::gil::Gil>,
}

thread_local! {
    /// Suspended generators dropped on this thread, waiting to be closed.
    static DROPPED: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    /// True while this thread closes the generators of `DROPPED`.
    static CLOSING: Cell<bool> = const { Cell::new(false) };
}

/// Ends a run of `close_dropped_generators`, also when a panic unwinds.
struct ClosingGuard;

impl Drop for ClosingGuard {
    fn drop(&mut self) {
        let _ = CLOSING.try_with(|c| c.set(false));
    }
}

impl Drop for GeneratorObj {
    fn drop(&mut self) {
        if *self.state.get_mut() != SUSPENDED {
            return;
        }
        let Some(frame) = self.frame.get_mut().take() else {
            return;
        };
        let exc = self.exc.get_mut().take();
        queue_for_close(
            std::mem::take(&mut self.name),
            std::mem::take(&mut self.qualname),
            frame,
            exc,
            &self.gil,
        );
    }
}

/// Hands a suspended generator's frame to a new generator object that the
/// current thread closes at its next poll point (running its `finally`
/// blocks and `with` exits), unless no `try` or `with` is open, in which
/// case closing would run no code and the frame is simply dropped.
fn queue_for_close(
    name: String,
    qualname: String,
    frame: Box<Frame>,
    exc: Option<Value>,
    gil: &Arc<crate::gil::Gil>,
) {
    if frame.blocks.is_empty() {
        return;
    }
    let revived = Value::new_obj(Object::Generator(Box::new(GeneratorObj {
        name,
        qualname,
        frame: ObjCell::new(Some(frame)),
        exc: ObjCell::new(exc),
        state: AtomicU8::new(SUSPENDED),
        gil: gil.clone(),
    })));
    let mut pending = Some(revived);
    let _ = DROPPED.try_with(|q| q.borrow_mut().extend(pending.take()));
    match pending {
        None => gil.eval_breaker().set(super::breaker::GENERATORS_DROPPED),
        // The thread is exiting: drop it unclosed, without coming back.
        Some(g) => {
            if let Some(Object::Generator(g)) = g.as_obj().map(|o| &**o) {
                g.state.store(DONE, Ordering::Relaxed);
            }
        }
    }
}

/// Drops, unclosed, the generators this thread dropped and has not closed
/// yet; true if there were any. Called when the thread's `Vm` ends, with
/// the GIL held: left in the thread-local queue, they would be freed
/// after the GIL is released, racing the interpreter's other threads on
/// the counts of what they hold.
pub(crate) fn discard_dropped() -> bool {
    let batch = DROPPED
        .try_with(|q| std::mem::take(&mut *q.borrow_mut()))
        .unwrap_or_default();
    let any = !batch.is_empty();
    for gen in batch {
        if let Some(Object::Generator(g)) = gen.as_obj().map(|o| &**o) {
            // Done: its drop frees the frame instead of queueing it again.
            g.state.store(DONE, Ordering::Relaxed);
        }
    }
    any
}

/// Takes this thread's queue out, for a host thread attaching to
/// another interpreter for a scope: the queued generators belong to the
/// interpreter whose code the thread ran before, and must not be closed by
/// the other's poll points or discarded by its detach.
/// Whether the thread was closing queued generators goes aside too, so
/// the scope's own closing is not held back by the outer one.
pub(crate) fn set_aside_dropped() -> (Vec<Value>, bool) {
    let queued = DROPPED
        .try_with(|q| std::mem::take(&mut *q.borrow_mut()))
        .unwrap_or_default();
    let closing = CLOSING.try_with(|c| c.replace(false)).unwrap_or(false);
    (queued, closing)
}

/// Puts back what [`set_aside_dropped`] took (the scope's own queue was
/// emptied when its `Vm` dropped).
pub(crate) fn put_back_dropped((queued, closing): (Vec<Value>, bool)) {
    let _ = CLOSING.try_with(|c| c.set(closing));
    if queued.is_empty() {
        return;
    }
    let mut queued = Some(queued);
    let _ = DROPPED.try_with(|q| {
        let mut q = q.borrow_mut();
        let mut all = queued.take().unwrap_or_default();
        all.append(&mut q);
        *q = all;
    });
}

impl GeneratorObj {
    /// True once the generator has returned or raised.
    pub fn is_done(&self) -> bool {
        self.state.load(Ordering::Relaxed) == DONE
    }

    /// The cycle collector's traversal: everything the suspended frame and
    /// the saved exception hold (nothing while running: the frame is then
    /// on the running thread's stack). False if either is borrowed.
    pub(crate) fn visit_refs(&self, f: &mut dyn FnMut(&crate::value::ObjRef)) -> bool {
        let (Some(frame), Some(exc)) = (self.frame.try_borrow(), self.exc.try_borrow()) else {
            return false;
        };
        let mut value = |v: &Value| {
            if let Value::Obj(o) = v {
                f(o);
            }
        };
        if let Some(frame) = &*frame {
            frame.stack.iter().for_each(&mut value);
            frame.locals.iter().flatten().for_each(&mut value);
            if let Some(d) = &frame.locals_dict {
                value(d);
            }
            for block in &frame.blocks {
                if let Block::Handler { prev: Some(p), .. } = block {
                    value(p);
                }
            }
            for cell in frame.cells.iter().chain([&frame.globals]) {
                f(cell);
            }
        }
        if let Some(Value::Obj(o)) = &*exc {
            f(o);
        }
        true
    }

    /// The cycle collector found this generator unreachable, still held by
    /// other garbage: closes it (later, at a poll point, if it has
    /// `finally` or `with` blocks to run), which releases its frame and so
    /// breaks the cycle through it.
    pub(crate) fn close_for_collector(&self) {
        if self.state.load(Ordering::Relaxed) == RUNNING {
            return;
        }
        let (Some(mut frame), Some(mut exc)) =
            (self.frame.try_borrow_mut(), self.exc.try_borrow_mut())
        else {
            return;
        };
        let (frame, exc) = (frame.take(), exc.take());
        let was_suspended = self.state.swap(DONE, Ordering::Relaxed) == SUSPENDED;
        match frame {
            Some(frame) if was_suspended => queue_for_close(
                self.name.clone(),
                self.qualname.clone(),
                frame,
                exc,
                &self.gil,
            ),
            other => drop((other, exc)),
        }
    }
}

pub(crate) fn new_generator(
    frame: Box<Frame>,
    func: &FunctionObj,
    gil: &Arc<crate::gil::Gil>,
) -> Value {
    let name = func
        .name
        .borrow()
        .as_str()
        .unwrap_or(&func.code.name)
        .to_string();
    let qualname = func
        .qualname
        .borrow()
        .as_str()
        .unwrap_or(&func.code.qualname)
        .to_string();
    Value::new_obj(Object::Generator(Box::new(GeneratorObj {
        name,
        qualname,
        frame: ObjCell::new(Some(frame)),
        exc: ObjCell::new(None),
        state: AtomicU8::new(CREATED),
        gil: gil.clone(),
    })))
}

fn gen_of(v: &Value) -> PyResult<&GeneratorObj> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Generator(g)) => Ok(g),
        _ => Err(Error::type_error(
            "descriptor requires a 'generator' object",
        )),
    }
}

impl Vm {
    /// Resumes a generator with `sent` (None for `next`): `Some(value)` when
    /// it yields, `None` when it is exhausted.
    pub fn resume_generator(&mut self, gen: &Value, sent: Value) -> PyResult<Option<Value>> {
        match self.resume_gen(gen, sent, None)? {
            Exit::Yield(v) => Ok(Some(v)),
            Exit::Return(_) => Ok(None),
        }
    }

    /// One resumption: send a value or throw an error in.
    pub(crate) fn resume_gen(
        &mut self,
        gen: &Value,
        sent: Value,
        throw: Option<Error>,
    ) -> PyResult<Exit> {
        let g = gen_of(gen)?;
        // Claim the generator: one atomic step from its state to RUNNING,
        // so that of two threads entering it at once (no GIL) exactly one
        // runs and the other sees "already executing", as in CPython.
        let st = loop {
            let st = g.state.load(Ordering::Acquire);
            match st {
                RUNNING => return Err(Error::value_error("generator already executing")),
                DONE => {
                    return match throw {
                        Some(e) => Err(e),
                        None => Ok(Exit::Return(Value::None)),
                    }
                }
                CREATED if throw.is_none() && !sent.is_none() => {
                    return Err(Error::type_error(
                        "can't send non-None value to a just-started generator",
                    ));
                }
                _ => {}
            }
            if g.state
                .compare_exchange(st, RUNNING, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                break st;
            }
        };
        let Some(mut frame) = g.frame.borrow_mut().take() else {
            g.state.store(DONE, Ordering::Release);
            return Ok(Exit::Return(Value::None));
        };
        if st == CREATED {
            if let Some(e) = throw {
                g.state.store(DONE, Ordering::Release);
                return Err(e);
            }
        }
        if st == SUSPENDED && throw.is_none() {
            frame.stack.push(sent);
        }
        if let Err(e) = self.enter() {
            *g.frame.borrow_mut() = Some(frame);
            g.state.store(st, Ordering::Release);
            return Err(e);
        }
        let caller_exc = self.cur_exc.clone();
        let own_exc = g.exc.borrow_mut().take();
        if own_exc.is_some() {
            // Leaving the generator's outermost handler uncovers the
            // exception its caller handles now, not the one of whoever
            // resumed it when the handler was entered.
            if let Some(Block::Handler { prev, .. }) = frame
                .blocks
                .iter_mut()
                .find(|b| matches!(b, Block::Handler { .. }))
            {
                *prev = caller_exc.clone();
            }
            self.cur_exc = own_exc;
        }
        let r = match throw {
            Some(e)
                if frame.pc > 0
                    && matches!(frame.code.ops.get(frame.pc - 1), Some(Op::YieldValue(1))) =>
            {
                self.throw_delegate(&mut frame, e)
            }
            pending => self.run_frame(&mut frame, pending),
        };
        self.depth -= 1;
        // `run_frame` leaves the generator's handled exception in `cur_exc`
        // when it yields.
        let handled = std::mem::replace(&mut self.cur_exc, caller_exc);
        match r {
            Ok(Exit::Yield(v)) => {
                if frame
                    .blocks
                    .iter()
                    .any(|b| matches!(b, Block::Handler { .. }))
                {
                    *g.exc.borrow_mut() = handled;
                }
                *g.frame.borrow_mut() = Some(frame);
                g.state.store(SUSPENDED, Ordering::Release);
                Ok(Exit::Yield(v))
            }
            Ok(ret) => {
                g.state.store(DONE, Ordering::Release);
                Ok(ret)
            }
            Err(e) => {
                g.state.store(DONE, Ordering::Release);
                if self.error_matches(&e, ExcKind::StopIteration) {
                    let cause = self.materialize(e);
                    let err = self.new_exception(
                        ExcKind::RuntimeError,
                        vec![Value::str("generator raised StopIteration")],
                    );
                    if let Some(d) = super::exceptions::exc_data(&err) {
                        let mut s = d.state.borrow_mut();
                        s.cause = cause.clone();
                        s.context = cause;
                        s.suppress_context = true;
                    }
                    return Err(Error::Obj(err));
                }
                Err(e)
            }
        }
    }

    /// `throw` while suspended in `yield from`: delegate to the sub-iterator.
    fn throw_delegate(&mut self, frame: &mut Frame, err: Error) -> PyResult<Exit> {
        let sub = frame.stack.last().cloned().unwrap_or_default();
        let r = if matches!(sub.as_obj().map(|o| &**o), Some(Object::Generator(_))) {
            self.resume_gen(&sub, Value::None, Some(err))
        } else if self.error_matches(&err, ExcKind::GeneratorExit) {
            if let Some(close) = self.get_attr_opt(&sub, "close")? {
                self.call(&close, &[])?;
            }
            Err(err)
        } else {
            match self.get_attr_opt(&sub, "throw")? {
                Some(t) => {
                    let exc = self.materialize(err);
                    match self.call(&t, &[exc]) {
                        Ok(v) => Ok(Exit::Yield(v)),
                        Err(e) if self.error_matches(&e, ExcKind::StopIteration) => {
                            Ok(Exit::Return(self.stop_iteration_value(e)))
                        }
                        Err(e) => Err(e),
                    }
                }
                None => Err(err),
            }
        };
        match r {
            Ok(Exit::Yield(v)) => Ok(Exit::Yield(v)),
            Ok(Exit::Return(val)) => {
                // Continue after the `yield from` as `Send` would on return.
                frame.stack.pop();
                frame.stack.push(val);
                if let Some(Op::JumpBackward(s)) = frame.code.ops.get(frame.pc) {
                    if let Some(Op::Send(t)) = frame.code.ops.get(*s as usize) {
                        frame.pc = *t as usize;
                    }
                }
                self.run_frame(frame, None)
            }
            Err(e) => self.run_frame(frame, Some(e)),
        }
    }

    /// Closes the suspended generators this thread dropped, in the order
    /// they were dropped. An error other than the generator's exit is
    /// reported to stderr, not raised.
    pub(crate) fn close_dropped_generators(&mut self) {
        // One at a time: a poll inside a generator's `finally` must not
        // start closing the next one (CPython finalizes each completely).
        if CLOSING.with(|c| c.replace(true)) {
            return;
        }
        let _closing = ClosingGuard;
        while let Some(gen) = DROPPED.with(|q| {
            let mut q = q.borrow_mut();
            (!q.is_empty()).then(|| q.remove(0))
        }) {
            if let Err(e) = self.close_generator(&gen) {
                let exc = self.materialize(e);
                let name = match gen.as_obj().map(|o| &**o) {
                    Some(Object::Generator(g)) => g.qualname.clone(),
                    _ => String::new(),
                };
                let text = self.format_exception(&exc);
                crate::io::write_stderr(&format!(
                    "Exception ignored in: <generator object {name} at {:#x}>\n{text}",
                    gen.id()
                ));
            }
        }
    }

    /// `gen.close()`.
    pub fn close_generator(&mut self, gen: &Value) -> PyResult<()> {
        let g = gen_of(gen)?;
        let st = g.state.load(Ordering::Acquire);
        let closed_unstarted = st == CREATED
            && g.state
                .compare_exchange(CREATED, DONE, Ordering::AcqRel, Ordering::Acquire)
                .is_ok();
        if closed_unstarted || st == DONE {
            g.frame.borrow_mut().take();
            return Ok(());
        }
        let exit = Error::new(ExcKind::GeneratorExit, "");
        match self.resume_gen(gen, Value::None, Some(exit)) {
            Ok(Exit::Yield(_)) => Err(Error::runtime_error("generator ignored GeneratorExit")),
            Ok(Exit::Return(_)) => Ok(()),
            Err(e) if self.error_matches(&e, ExcKind::GeneratorExit) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

fn gen_next(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let g = args.args.first().cloned().unwrap_or_default();
    gen_of(&g)?;
    next_of_generator(vm, &g)
}

/// `g.__next__()` for a generator `g`: its next value, or StopIteration
/// carrying what it returned (the builtin `next(g)` calls this directly).
pub(crate) fn next_of_generator(vm: &mut Vm, g: &Value) -> PyResult<Value> {
    match vm.resume_gen(g, Value::None, None)? {
        Exit::Yield(v) => Ok(v),
        Exit::Return(v) => Err(stop_iteration(vm, v)),
    }
}

fn stop_iteration(vm: &mut Vm, v: Value) -> Error {
    if v.is_none() {
        Error::new(ExcKind::StopIteration, "")
    } else {
        Error::Obj(vm.new_exception(ExcKind::StopIteration, vec![v]))
    }
}

fn gen_send(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("send", &args, 2, 2)?;
    match vm.resume_gen(&args.args[0], args.args[1].clone(), None)? {
        Exit::Yield(v) => Ok(v),
        Exit::Return(v) => Err(stop_iteration(vm, v)),
    }
}

fn gen_throw(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("throw", &args, 2, 4)?;
    let typ = args.args[1].clone();
    let exc = match (typ.as_obj().map(|o| &**o), args.args.get(2)) {
        (Some(Object::Type(_)), Some(val)) if !val.is_none() => {
            let base = vm.exc_type(ExcKind::BaseException);
            if vm.isinstance(val, &base) {
                val.clone()
            } else {
                vm.call(&typ, std::slice::from_ref(val))?
            }
        }
        _ => vm.make_raisable(
            typ,
            "exceptions must be classes or instances deriving from BaseException, not int",
        )?,
    };
    match vm.resume_gen(&args.args[0], Value::None, Some(Error::Obj(exc)))? {
        Exit::Yield(v) => Ok(v),
        Exit::Return(v) => Err(stop_iteration(vm, v)),
    }
}

fn gen_close(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("close", &args, 1, 1)?;
    vm.close_generator(&args.args[0])?;
    Ok(Value::None)
}

fn gen_iter(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(args.args.first().cloned().unwrap_or_default())
}

/// The generator type's methods.
pub(crate) const GEN_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__next__", gen_next),
    ("__iter__", gen_iter),
    ("send", gen_send),
    ("throw", gen_throw),
    ("close", gen_close),
];

//! The instruction set: a stack machine in the manner of CPython 3.9–3.11.
//!
//! Each `Op` is 8 bytes (a tag and at most a `u32` operand, or two `u16`s).
//! "TOS" is the top of the value stack, "TOS1" the item below it. Jump
//! targets are absolute instruction indices into `Code::ops`.
//!
//! Exception handling uses a per-frame block stack (CPython 3.8 style):
//! `SetupExcept(h)` pushes a block remembering the stack depth. When an
//! exception propagates and the innermost block is a `SetupExcept` block, the
//! VM pops it, truncates the value stack to the remembered depth, pushes the
//! exception object, pushes a *handler* block (which remembers the previously
//! "currently handled" exception, i.e. `sys.exc_info()`, and the depth), makes
//! the new exception the currently handled one, and jumps to `h`. `PopExcept`
//! pops that handler block and restores the previous handled exception. If an
//! exception propagates while a handler block is innermost, the VM pops it
//! (restoring the handled exception), truncates the stack to its depth, and
//! keeps unwinding. `finally` bodies are duplicated by the compiler on every
//! exit path (normal, `return`, `break`, `continue`), and the exception path
//! reaches them through a `SetupExcept` whose handler ends in `Reraise`.

use crate::ops::{BinaryOp, CompareOp, UnaryOp};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// Does nothing (a jump target placeholder).
    Nop,
    /// Discards TOS.
    Pop,
    /// Pushes a copy of the n-th item from the top (1 = TOS).
    Copy(u32),
    /// Swaps TOS with the n-th item from the top (n >= 2).
    Swap(u32),

    /// Pushes `consts[i]`.
    LoadConst(u32),
    /// Pushes local slot i; `UnboundLocalError` if unbound.
    LoadFast(u32),
    /// Pops TOS into local slot i.
    StoreFast(u32),
    /// Unbinds local slot i (`UnboundLocalError` if already unbound).
    DeleteFast(u32),
    /// Pushes the contents of cell i (`cellvars ++ freevars` numbering);
    /// `NameError`/`UnboundLocalError` if empty.
    LoadDeref(u32),
    /// Pops TOS into cell i.
    StoreDeref(u32),
    /// Empties cell i.
    DeleteDeref(u32),
    /// Pushes cell i itself (to build a closure tuple for `MakeFunction`).
    LoadClosure(u32),
    /// Class bodies only: looks `freevars`-cell i's name up in the locals dict
    /// first, then loads the cell (a method-level free variable seen from a class body).
    LoadClassDeref(u32),
    /// Pushes global `names[i]`, falling back to builtins; `NameError` if neither.
    LoadGlobal(u32),
    /// Pops TOS into global `names[i]`.
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Module level and class bodies: looks `names[i]` up in the frame's
    /// locals dict, then globals, then builtins.
    LoadName(u32),
    /// Pops TOS into the locals dict under `names[i]`.
    StoreName(u32),
    DeleteName(u32),

    /// Replaces TOS with `getattr(TOS, names[i])`.
    LoadAttr(u32),
    /// `TOS.names[i] = TOS1`; pops both.
    StoreAttr(u32),
    /// `del TOS.names[i]`; pops TOS.
    DeleteAttr(u32),
    /// Replaces TOS (obj) with two items for `CallMethod`: if `names[i]` is a
    /// plain function found on the type (not shadowed by the instance), pushes
    /// `[function, obj]`; otherwise pushes `[getattr(obj, name), NULL]` where
    /// NULL is an internal marker meaning "no self".
    LoadMethod(u32),
    /// `super().names[i]` about to be called, in a method: stack `super,
    /// __class__, self` (the global `super`, the class cell's value, the
    /// method's first argument), replaced by the two items of `LoadMethod`.
    /// When `super` is the builtin and the name is a plain function of a
    /// class after `__class__` in `type(self)`'s MRO, pushes `[function,
    /// self]` without making the `super` object or a bound method;
    /// otherwise does what `super(__class__, self).name` does.
    LoadSuperMethod(u32),
    /// Stack: `method, self_or_null, arg1..argN` (N = operand). Calls
    /// `method(self, args...)` or `method(args...)` and pushes the result.
    CallMethod(u32),
    /// Like `CallMethod`, with TOS a tuple of keyword names whose values are
    /// the last `len(names)` of the N arguments.
    CallMethodKw(u32),

    /// Pops TOS1 and TOS, pushes `TOS1 op TOS`.
    BinaryOp(BinaryOp),
    /// As `BinaryOp` but tries the in-place dunder (`__iadd__`) first.
    InplaceOp(BinaryOp),
    /// Replaces TOS with `op TOS`.
    UnaryOp(UnaryOp),
    /// Pops TOS1 and TOS, pushes `TOS1 op TOS` (`in` tests TOS1 in TOS).
    CompareOp(CompareOp),

    /// Pops TOS1 (container) and TOS (index), pushes `TOS1[TOS]`.
    BinarySubscr,
    /// Stack `value, container, index` (TOS = index): `container[index] = value`; pops 3.
    StoreSubscr,
    /// Stack `container, index`: `del container[index]`; pops 2.
    DeleteSubscr,
    /// `x[i] op= v`, first half: stack `container, index`, pushes
    /// `container[index]` and keeps both (`Copy 2; Copy 2; BinarySubscr`).
    SubscrKeep,
    /// `x[i] op= v`, second half: stack `container, index, value`:
    /// `container[index] = value`; pops 3 (`Swap 3; Swap 2; StoreSubscr`).
    StoreSubscrAug,
    /// Pops 2 (start, stop) or 3 (start, stop, step) items, pushes a slice.
    BuildSlice(u32),

    /// Pops n items, pushes a tuple of them (first pushed = first item).
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// Pops 2n items `k1, v1, ..., kn, vn`, pushes a dict.
    BuildMap(u32),
    /// Pops n strings, pushes their concatenation (f-strings).
    BuildString(u32),
    /// Comprehensions: pops TOS and appends it to the list at stack position
    /// n (counted from the top after the pop, 1 = new TOS).
    ListAppend(u32),
    /// Pops TOS and adds it to the set at position n (as `ListAppend`).
    SetAdd(u32),
    /// Pops TOS (value) and TOS1 (key), sets them in the dict at position n.
    MapAdd(u32),
    /// Pops TOS (an iterable) and extends the list at position n with it.
    ListExtend(u32),
    /// Pops TOS (an iterable) and adds its items to the set at position n.
    SetUpdate(u32),
    /// Pops TOS (a mapping) and updates the dict at position n (`{**a}`).
    DictUpdate(u32),
    /// As `DictUpdate`, for `f(**a)`: a repeated key is a `TypeError`
    /// ("got multiple values for keyword argument 'k'").
    DictMerge(u32),
    /// Replaces the list at TOS with a tuple of its items.
    ListToTuple,
    /// f-string field: operand bits 0-1 = conversion (0 none, 1 `!s`, 2 `!r`,
    /// 3 `!a`), bit 2 = a format spec is on the stack. Pops [value] or
    /// [value, spec], pushes `format(conv(value), spec)`.
    FormatValue(u32),

    /// Pops an iterable of exactly n items and pushes them so the first
    /// item ends up on top (ready for n stores in source order).
    UnpackSequence(u32),
    /// `a, *b, c = x`: pops an iterable, pushes `before + 1 + after` items (the
    /// middle a list), first item on top.
    UnpackEx {
        before: u16,
        after: u16,
    },

    /// Unconditional forward (or any non-loop) jump.
    Jump(u32),
    /// Jump to a loop head: polls the eval breaker (GIL drop requests,
    /// signals) before jumping.
    JumpBackward(u32),
    /// Pops TOS; jumps if it is falsy.
    PopJumpIfFalse(u32),
    /// Pops TOS; jumps if it is truthy.
    PopJumpIfTrue(u32),
    /// If TOS is falsy jumps, leaving it; otherwise pops it (`and`).
    JumpIfFalseOrPop(u32),
    /// If TOS is truthy jumps, leaving it; otherwise pops it (`or`).
    JumpIfTrueOrPop(u32),

    /// Replaces TOS with `iter(TOS)`.
    GetIter,
    /// TOS is an iterator: pushes its next item, or, when exhausted, pops the
    /// iterator and jumps to the target.
    ForIter(u32),

    /// Builds a function from TOS (a code object constant). Operand flags,
    /// popped in this order below the code: 8 = closure tuple of cells,
    /// 4 = dict of annotations, 2 = dict of keyword-only defaults, 1 =
    /// tuple of positional defaults. (Stack bottom to top: [defaults]
    /// [kwdefaults] [annotations] [closure] code.)
    MakeFunction(u32),
    /// Stack `callable, arg1..argN` (N = operand): pops all, pushes the result.
    Call(u32),
    /// Stack `callable, arg1..argN, kwnames` where kwnames is a tuple of str
    /// naming the last `len(kwnames)` of the N arguments.
    CallKw(u32),
    /// Stack `callable, args_tuple[, kwargs_dict]` (operand 1 = with dict):
    /// `f(*args, **kwargs)`.
    CallEx(u32),
    /// Returns TOS from the frame.
    ReturnValue,

    /// Pushes the builtin `__build_class__(body_function, name, *bases, **kw)`.
    /// The body function's code has the CLASS_BODY flag: it runs with a fresh
    /// locals dict (its namespace) and returns the `__class__` cell if it
    /// created one (else None) so `__build_class__` can fill it.
    LoadBuildClass,

    /// Imports module `names[i]` (dotted; parents first) and pushes the leaf module.
    ImportName(u32),
    /// Imports module `names[i]` and pushes its top-level package (`import a.b`).
    ImportTop(u32),
    /// TOS is a module: pushes its attribute `names[i]` (importing submodule
    /// `mod.name` if needed); `ImportError` "cannot import name ...".
    ImportFrom(u32),
    /// Pops a module and binds all its public names in the current namespace.
    ImportStar,

    /// Pushes a handler block with target `h` (see the module comment).
    SetupExcept(u32),
    /// Pops the innermost (non-handler) block: the protected region ended normally.
    PopBlock,
    /// Pops the handler block pushed on entry to an except/finally handler and
    /// restores the previously handled exception. The exception object itself
    /// is NOT on the stack any more (the handler popped or stored it).
    PopExcept,
    /// Operand 0: re-raise the currently handled exception (bare `raise`;
    /// `RuntimeError: No active exception to reraise` if none). 1: raise TOS.
    /// 2: raise TOS1 from TOS (cause). A class is instantiated with no args.
    RaiseVarargs(u32),
    /// Pops TOS (an exception object) and re-raises it unchanged, keeping
    /// its traceback (end of a `finally` handler, or no `except` clause matched).
    Reraise,
    /// First op of a `try` statement's `except` clauses, TOS the exception:
    /// a termination by the host (`crate::limits`) is re-raised at once, so
    /// no clause, bare `except:` included, can catch it.
    ExceptStart,
    /// TOS is an exception class or a tuple of them, TOS1 an exception: pops
    /// TOS, pushes whether TOS1 is an instance. A non-class is a `TypeError`.
    CheckExcMatch,
    /// Pushes the builtin `AssertionError` class (immune to shadowing).
    LoadAssertionError,

    /// Pops a context manager, pushes its bound `__exit__`, then pushes the
    /// result of calling its `__enter__()`.
    BeforeWith,
    /// Stack `exit, ...`: normal exit of a `with` body; TOS is the bound
    /// `__exit__`: calls `exit(None, None, None)` and pops it.
    WithExitNormal,
    /// In a with-handler. Stack `exit, exc`: calls `exit(type(exc), exc, tb)`
    /// and pushes the result (stack `exit, exc, result`).
    WithExceptStart,

    /// Yields TOS to the generator's caller; on resumption pushes the value
    /// sent in (None for `next`). Operand 1 = this yield is inside a
    /// `yield from` loop, with the sub-iterator at TOS1 after resumption (the
    /// VM delegates `throw`/`close` to it).
    YieldValue(u32),
    /// Replaces TOS with the iterator `yield from` delegates to (a generator
    /// stays itself, anything else goes through `iter`).
    GetYieldFromIter,
    /// Stack `subiter, value`: sends value into subiter (`next` when value is
    /// None and subiter is not a generator). If it yields `v`: replaces TOS
    /// with `v` and falls through (to a `YieldValue(1)`, then a
    /// `JumpBackward` to this `Send`). If it returns `r`: pops both, pushes
    /// `r`, jumps to the target.
    Send(u32),

    /// REPL: prints `repr(TOS)` if not None, binds it to `builtins._`, pops it.
    PrintExpr,

    // `match` statements (executed in `vm/eval/matching.rs`).
    /// Pushes `len(TOS)`, keeping TOS.
    GetLen,
    /// Pushes whether TOS is a mapping a mapping pattern may match (a dict).
    MatchMapping,
    /// Pushes whether TOS is a sequence a sequence pattern may match (list,
    /// tuple, range; never str, bytes or a dict).
    MatchSequence,
    /// Stack `subject, keys` (a tuple): pushes the tuple of
    /// `subject[key]` for every key, or None if one is missing.
    MatchKeys,
    /// Stack `subject, keys`: replaces `keys` with a new dict of the
    /// subject's items whose keys are not among them (`**rest`).
    CopyDictWithoutKeys,
    /// Stack `subject, cls, names` (a tuple of attribute names): pops all
    /// three, pushes the tuple of the n positional attributes (through
    /// `cls.__match_args__`) and the named ones if the subject is an instance
    /// of `cls` that has them all, else None.
    MatchClass(u32),

    // Superinstructions, made by the assembler from two adjacent
    // instructions on the same line. The second instruction stays in place
    // (a jump to it still works); the fused one does the work of both and
    // skips it.
    /// `LoadFast(a); LoadFast(b)`.
    LoadFastLoadFast(u16, u16),
    /// `LoadFast(a); LoadConst(c)`.
    LoadFastLoadConst(u16, u16),
    /// `StoreFast(a); LoadFast(b)`.
    StoreFastLoadFast(u16, u16),
    /// `StoreFast(a); StoreFast(b)`.
    StoreFastStoreFast(u16, u16),
    /// `LoadFast(a); LoadAttr(i)`: `self.x` reads the attribute straight
    /// off the local, without a push, a pop and a count update for it.
    LoadFastAttr(u16, u16),
    /// `LoadConst(c); BinaryOp(Add)`: `x + 1` adds to the top of the stack
    /// in place.
    AddConst(u32),
    /// `LoadConst(c); BinaryOp(Sub)`.
    SubConst(u32),
    /// `LoadFast(a); LoadConst(None); CompareOp(Is | IsNot);
    /// PopJumpIfFalse | PopJumpIfTrue(t)` folded into its effect: jumps to
    /// `t` if local `a` is None, else skips the three instructions after
    /// it (still in place, for jumps that land on them). `x is not None` /
    /// `x is None` tests without a push, a compare and a pop.
    JumpIfLocalNone(u16, u32),
    /// As `JumpIfLocalNone`, jumping if local `a` is not None.
    JumpIfLocalNotNone(u16, u32),

    // Specialized forms the assembler substitutes for the commonest
    // arithmetic, so the operator is known from the opcode itself: the
    // dispatch jump lands straight on the `+` code instead of going through
    // a second jump on the operator.
    /// `BinaryOp(Add)`.
    BinaryAdd,
    /// `BinaryOp(Sub)`.
    BinarySub,
    /// `BinaryOp(Mul)`.
    BinaryMul,
    /// `InplaceOp(Add)`.
    InplaceAdd,
    /// `InplaceOp(Sub)`.
    InplaceSub,
}

impl Op {
    /// The superinstruction doing `self` then `next`, if there is one.
    pub fn fuse(self, next: Op) -> Option<Op> {
        let pair = |a: u32, b: u32| Some((u16::try_from(a).ok()?, u16::try_from(b).ok()?));
        Some(match (self, next) {
            (Op::LoadFast(a), Op::LoadFast(b)) => {
                let (a, b) = pair(a, b)?;
                Op::LoadFastLoadFast(a, b)
            }
            (Op::LoadFast(a), Op::LoadConst(c)) => {
                let (a, c) = pair(a, c)?;
                Op::LoadFastLoadConst(a, c)
            }
            (Op::StoreFast(a), Op::LoadFast(b)) => {
                let (a, b) = pair(a, b)?;
                Op::StoreFastLoadFast(a, b)
            }
            (Op::StoreFast(a), Op::StoreFast(b)) => {
                let (a, b) = pair(a, b)?;
                Op::StoreFastStoreFast(a, b)
            }
            (Op::LoadFast(a), Op::LoadAttr(i)) => {
                let (a, i) = pair(a, i)?;
                Op::LoadFastAttr(a, i)
            }
            (Op::LoadConst(c), Op::BinaryOp(BinaryOp::Add)) => Op::AddConst(c),
            (Op::LoadConst(c), Op::BinaryOp(BinaryOp::Sub)) => Op::SubConst(c),
            _ => return None,
        })
    }

    /// The `JumpIfLocalNone`/`JumpIfLocalNotNone` that the four
    /// instructions `ops` (`LoadFast; LoadConst; CompareOp; PopJumpIf*`)
    /// amount to, when the constant is None (`const_is_none` says).
    pub fn fuse_none_test(ops: &[Op], const_is_none: impl Fn(u32) -> bool) -> Option<Op> {
        let [Op::LoadFast(a), Op::LoadConst(c), Op::CompareOp(cmp), jump] = *ops else {
            return None;
        };
        let a = u16::try_from(a).ok()?;
        if !const_is_none(c) {
            return None;
        }
        // Whether the jump is taken when the local is None.
        let when_none =
            match (cmp, jump) {
                (CompareOp::Is, Op::PopJumpIfTrue(_))
                | (CompareOp::IsNot, Op::PopJumpIfFalse(_)) => true,
                (CompareOp::Is, Op::PopJumpIfFalse(_))
                | (CompareOp::IsNot, Op::PopJumpIfTrue(_)) => false,
                _ => return None,
            };
        let t = jump.jump_target()?;
        Some(if when_none {
            Op::JumpIfLocalNone(a, t)
        } else {
            Op::JumpIfLocalNotNone(a, t)
        })
    }

    /// The specialized form of this instruction, if it has one.
    pub fn specialize(self) -> Op {
        match self {
            Op::BinaryOp(BinaryOp::Add) => Op::BinaryAdd,
            Op::BinaryOp(BinaryOp::Sub) => Op::BinarySub,
            Op::BinaryOp(BinaryOp::Mul) => Op::BinaryMul,
            Op::InplaceOp(BinaryOp::Add) => Op::InplaceAdd,
            Op::InplaceOp(BinaryOp::Sub) => Op::InplaceSub,
            op => op,
        }
    }

    /// The plain instruction this one stands for where it is: the first
    /// half of a superinstruction, the general form of a specialized one,
    /// itself for an ordinary instruction.
    pub fn generic(self) -> Op {
        match self {
            Op::LoadFastLoadFast(a, _) | Op::LoadFastLoadConst(a, _) | Op::LoadFastAttr(a, _) => {
                Op::LoadFast(a as u32)
            }
            Op::StoreFastLoadFast(a, _) | Op::StoreFastStoreFast(a, _) => Op::StoreFast(a as u32),
            Op::JumpIfLocalNone(a, _) | Op::JumpIfLocalNotNone(a, _) => Op::LoadFast(a as u32),
            Op::AddConst(c) | Op::SubConst(c) => Op::LoadConst(c),
            Op::BinaryAdd => Op::BinaryOp(BinaryOp::Add),
            Op::BinarySub => Op::BinaryOp(BinaryOp::Sub),
            Op::BinaryMul => Op::BinaryOp(BinaryOp::Mul),
            Op::InplaceAdd => Op::InplaceOp(BinaryOp::Add),
            Op::InplaceSub => Op::InplaceOp(BinaryOp::Sub),
            op => op,
        }
    }

    /// The jump target, if this instruction can jump.
    pub fn jump_target(&self) -> Option<u32> {
        match *self {
            Op::Jump(t)
            | Op::JumpBackward(t)
            | Op::PopJumpIfFalse(t)
            | Op::PopJumpIfTrue(t)
            | Op::JumpIfFalseOrPop(t)
            | Op::JumpIfTrueOrPop(t)
            | Op::ForIter(t)
            | Op::SetupExcept(t)
            | Op::Send(t)
            | Op::JumpIfLocalNone(_, t)
            | Op::JumpIfLocalNotNone(_, t) => Some(t),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ops_stay_small() {
        assert!(std::mem::size_of::<super::Op>() <= 8);
    }
}

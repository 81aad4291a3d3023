//! A frame: one activation of a code object (a function call, a module or
//! class body, a generator's suspended state).

use crate::bytecode::CodeRef;
use crate::object::Object;
use crate::sync::{ObjCell, Ref};
use crate::value::{ObjRef, Value};

/// An entry of the block stack (see the module comment of `opcode.rs`).
pub(crate) enum Block {
    /// A protected region: on an exception, jump to `handler` with the value
    /// stack cut to `depth`.
    Except { handler: u32, depth: u32 },
    /// Inside an except/finally handler: `prev` is the exception that was
    /// being handled before (restored by `PopExcept` or when unwinding).
    Handler { depth: u32, prev: Option<Value> },
}

pub struct Frame {
    pub code: CodeRef,
    /// Index of the next instruction.
    pub pc: usize,
    pub stack: Vec<Value>,
    /// Local slots (`None` = unbound).
    pub locals: Vec<Option<Value>>,
    /// Cells: `cellvars` then `freevars`.
    pub cells: Vec<ObjRef>,
    pub(crate) blocks: Vec<Block>,
    /// The module globals (an `Object::Dict`).
    pub globals: ObjRef,
    /// Module and class bodies: the namespace dict for `LoadName`/`StoreName`.
    pub locals_dict: Option<Value>,
    /// Set when the pending error was re-raised unchanged (bare `raise`,
    /// `Reraise`): the traceback already names this frame.
    pub(crate) reraised: bool,
}

impl Frame {
    /// A frame for `code` with empty locals and fresh cells for its
    /// cellvars; `closure` supplies the freevar cells.
    pub fn new(
        code: CodeRef,
        globals: ObjRef,
        closure: &[ObjRef],
        locals_dict: Option<Value>,
    ) -> Frame {
        let stack = Vec::with_capacity(code.stacksize as usize + 2);
        let locals = vec![None; code.nlocals()];
        Frame::with_bufs(code, globals, closure, locals_dict, stack, locals)
    }

    /// As `new`, reusing buffers: `stack` empty, `locals` all `None` and
    /// `code.nlocals()` long (arguments may already be bound in it).
    #[inline]
    pub(crate) fn with_bufs(
        code: CodeRef,
        globals: ObjRef,
        closure: &[ObjRef],
        locals_dict: Option<Value>,
        mut stack: Vec<Value>,
        locals: Vec<Option<Value>>,
    ) -> Frame {
        stack.reserve(code.stacksize as usize + 2);
        let mut cells = Vec::new();
        if !code.cellvars.is_empty() || !closure.is_empty() {
            cells.reserve(code.cellvars.len() + closure.len());
            for _ in 0..code.cellvars.len() {
                cells.push(new_cell(None));
            }
            cells.extend(closure.iter().cloned());
        }
        Frame {
            stack,
            locals,
            cells,
            blocks: Vec::new(),
            globals,
            locals_dict,
            pc: 0,
            reraised: false,
            code,
        }
    }

    /// Makes the cells of a fresh frame: new ones for the cellvars (filled
    /// from the parameters that are cellvars), then the closure's.
    pub(crate) fn set_cells(&mut self, closure: &[ObjRef]) {
        let ncell = self.code.cellvars.len();
        if ncell == 0 && closure.is_empty() {
            return;
        }
        self.cells.reserve(ncell + closure.len());
        for _ in 0..ncell {
            self.cells.push(new_cell(None));
        }
        self.cells.extend(closure.iter().cloned());
        self.init_cells();
    }

    /// Moves parameters that are also cellvars into their cells (after
    /// argument binding).
    pub fn init_cells(&mut self) {
        for (i, slot) in self.code.cell2arg.iter().enumerate() {
            if let Some(s) = slot {
                let v = self.locals[*s as usize].take();
                if let Object::Cell(c) = &*self.cells[i] {
                    *c.borrow_mut() = v;
                }
            }
        }
    }

    /// The source line of the instruction being executed.
    pub fn line(&self) -> u32 {
        self.code.line_at(self.pc.saturating_sub(1))
    }
}

pub(crate) fn new_cell(v: Option<Value>) -> ObjRef {
    Ref::new(Object::Cell(ObjCell::new(v)))
}

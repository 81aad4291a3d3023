//! A frame: one activation of a code object (a function call, a module or
//! class body, a generator's suspended state).

use crate::bytecode::CodeRef;
use crate::object::Object;
use crate::sync::ObjCell;
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
        let mut frame = Frame {
            stack: Vec::with_capacity(code.stacksize as usize + 2),
            locals: vec![None; code.nlocals()],
            cells: Vec::new(),
            blocks: Vec::new(),
            globals,
            locals_dict,
            pc: 0,
            reraised: false,
            code,
        };
        frame.make_cells(closure);
        frame
    }

    /// Makes the cells of a fresh frame: new ones for the cellvars, then
    /// the closure's.
    fn make_cells(&mut self, closure: &[ObjRef]) {
        let ncell = self.code.cellvars.len();
        if ncell == 0 && closure.is_empty() {
            return;
        }
        self.cells.reserve(ncell + closure.len());
        for _ in 0..ncell {
            self.cells.push(new_cell(None));
        }
        self.cells.extend(closure.iter().cloned());
    }

    /// `make_cells` after argument binding: the cellvars that are
    /// parameters start out holding their arguments.
    pub(crate) fn set_cells(&mut self, closure: &[ObjRef]) {
        self.make_cells(closure);
        if !self.cells.is_empty() {
            self.init_cells();
        }
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
    crate::gc::new_ref(Object::Cell(ObjCell::new(v)))
}

//! Bytecode: the instruction set, code objects and the disassembler.

pub(crate) mod code;
pub mod dis;
pub(crate) mod opcode;

pub use code::Code;

/// A shared code object. Refcounted like every heap object (a plain count
/// update under the GIL, atomic without it) rather than an `Arc`, whose
/// atomic increment every call paid for when its frame took the code.
pub type CodeRef = crate::sync::Ref<Code>;
pub use opcode::Op;

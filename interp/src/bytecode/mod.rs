//! Bytecode: the instruction set, code objects and the disassembler.

pub mod code;
pub mod dis;
pub mod opcode;

pub use code::Code;
pub use opcode::{Op, UnaryKind};

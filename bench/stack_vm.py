# A tiny language: an assembler from text to (opcode, argument) tuples and
# a stack virtual machine that dispatches through a dict of handler
# methods, running a few programs (loops, calls, a sieve in VM memory).


class VMError(Exception):
    pass


class Frame:
    def __init__(self, return_pc, locals_count):
        self.return_pc = return_pc
        self.locals = [0] * locals_count


def assemble(source):
    code, labels, fixups = [], {}, []
    for raw in source.splitlines():
        line = raw.split(";")[0].strip()
        if not line:
            continue
        if line.endswith(":"):
            labels[line[:-1]] = len(code)
            continue
        parts = line.split()
        op = parts[0].upper()
        arg = parts[1] if len(parts) > 1 else None
        if arg is not None and (arg.lstrip("-").isdigit()):
            arg = int(arg)
        elif arg is not None:
            fixups.append(len(code))
        code.append([op, arg])
    for i in fixups:
        code[i][1] = labels[code[i][1]]
    return [tuple(ins) for ins in code]


class Machine:
    def __init__(self, code, memory=64):
        self.code = code
        self.stack = []
        self.frames = [Frame(-1, 8)]
        self.memory = [0] * memory
        self.pc = 0
        self.output = []
        self.steps = 0
        self.handlers = {
            "PUSH": self.op_push, "POP": self.op_pop, "DUP": self.op_dup, "SWAP": self.op_swap,
            "ADD": self.op_add, "SUB": self.op_sub, "MUL": self.op_mul, "MOD": self.op_mod,
            "LT": self.op_lt, "EQ": self.op_eq, "JMP": self.op_jmp, "JZ": self.op_jz,
            "LOAD": self.op_load, "STORE": self.op_store, "MLOAD": self.op_mload,
            "MSTORE": self.op_mstore, "CALL": self.op_call, "RET": self.op_ret,
            "PRINT": self.op_print, "HALT": self.op_halt,
        }

    def op_push(self, arg):
        self.stack.append(arg)

    def op_pop(self, arg):
        self.stack.pop()

    def op_dup(self, arg):
        self.stack.append(self.stack[-1])

    def op_swap(self, arg):
        s = self.stack
        s[-1], s[-2] = s[-2], s[-1]

    def binary(self, fn):
        b = self.stack.pop()
        a = self.stack.pop()
        self.stack.append(fn(a, b))

    def op_add(self, arg):
        self.binary(lambda a, b: a + b)

    def op_sub(self, arg):
        self.binary(lambda a, b: a - b)

    def op_mul(self, arg):
        self.binary(lambda a, b: a * b)

    def op_mod(self, arg):
        b = self.stack.pop()
        if b == 0:
            raise VMError(f"modulo by zero at {self.pc}")
        self.stack.append(self.stack.pop() % b)

    def op_lt(self, arg):
        self.binary(lambda a, b: int(a < b))

    def op_eq(self, arg):
        self.binary(lambda a, b: int(a == b))

    def op_jmp(self, arg):
        self.pc = arg

    def op_jz(self, arg):
        if self.stack.pop() == 0:
            self.pc = arg

    def op_load(self, arg):
        self.stack.append(self.frames[-1].locals[arg])

    def op_store(self, arg):
        self.frames[-1].locals[arg] = self.stack.pop()

    def op_mload(self, arg):
        self.stack.append(self.memory[self.stack.pop()])

    def op_mstore(self, arg):
        addr = self.stack.pop()
        self.memory[addr] = self.stack.pop()

    def op_call(self, arg):
        frame = Frame(self.pc, 8)
        frame.locals[0] = self.stack.pop()
        self.frames.append(frame)
        self.pc = arg

    def op_ret(self, arg):
        self.pc = self.frames.pop().return_pc

    def op_print(self, arg):
        self.output.append(self.stack.pop())

    def op_halt(self, arg):
        self.pc = len(self.code)

    def run(self, limit=10_000_000):
        code, handlers = self.code, self.handlers
        while self.pc < len(code):
            op, arg = code[self.pc]
            self.pc += 1
            self.steps += 1
            if self.steps > limit:
                raise VMError("step limit")
            handlers[op](arg)
        return self.output


SUM_LOOP = """
    push 0
    store 0          ; total
    push 0
    store 1          ; i
loop:
    load 1
    push 20000
    lt
    jz done
    load 0
    load 1
    load 1
    mul
    push 7
    mod
    add
    store 0
    load 1
    push 1
    add
    store 1
    jmp loop
done:
    load 0
    print
    halt
"""

FACTORIAL_CALLS = """
    push 0
    store 1
outer:
    load 1
    push 300
    lt
    jz end
    push 12
    call fact
    push 1000003
    mod
    print
    load 1
    push 1
    add
    store 1
    jmp outer
end:
    halt
fact:                ; local 0 = n, result on the stack
    push 1
    store 1
floop:
    load 0
    push 1
    lt
    push 1
    swap
    sub
    jz fdone
    load 1
    load 0
    mul
    store 1
    load 0
    push 1
    sub
    store 0
    jmp floop
fdone:
    load 1
    ret
"""

SIEVE = """
    push 2
    store 0
outer:
    load 0
    push 64
    lt
    jz report
    load 0
    mload
    jz mark
    jmp next
mark:
    load 0
    dup
    add
    store 1
inner:
    load 1
    push 64
    lt
    jz next
    push 1
    load 1
    mstore
    load 1
    load 0
    add
    store 1
    jmp inner
next:
    load 0
    push 1
    add
    store 0
    jmp outer
report:
    push 2
    store 0
rloop:
    load 0
    push 64
    lt
    jz fin
    load 0
    mload
    jz isprime
    jmp rnext
isprime:
    load 0
    print
rnext:
    load 0
    push 1
    add
    store 0
    jmp rloop
fin:
    halt
"""

total_steps = 0
results = []
for name, src, repeat in [("sum", SUM_LOOP, 4), ("fact", FACTORIAL_CALLS, 6), ("sieve", SIEVE, 40)]:
    code = assemble(src)
    for _ in range(repeat):
        machine = Machine(code)
        out = machine.run()
        total_steps += machine.steps
    results.append((name, len(code), out[:8], sum(out)))

try:
    Machine(assemble("push 1\npush 0\nmod\nhalt")).run()
except VMError as e:
    error = str(e)
print(total_steps, error)
for r in results:
    print(*r)

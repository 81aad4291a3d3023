"""A tiny stack-based virtual machine and a Brainfuck interpreter."""


def run_vm(program):
    stack, pc, out, calls = [], 0, [], []
    labels = {ins[1]: i for i, ins in enumerate(program) if ins[0] == "label"}
    steps = 0
    while pc < len(program):
        op, *args = program[pc]
        pc += 1
        steps += 1
        if op == "push":
            stack.append(args[0])
        elif op == "add":
            b, a = stack.pop(), stack.pop()
            stack.append(a + b)
        elif op == "mul":
            b, a = stack.pop(), stack.pop()
            stack.append(a * b)
        elif op == "dup":
            stack.append(stack[-1])
        elif op == "jz":
            if stack.pop() == 0:
                pc = labels[args[0]]
        elif op == "jmp":
            pc = labels[args[0]]
        elif op == "print":
            out.append(str(stack.pop()))
        elif op == "swap":
            stack[-1], stack[-2] = stack[-2], stack[-1]
        elif op == "over":
            stack.append(stack[-2])
        elif op == "drop":
            stack.pop()
        elif op == "label":
            pass
        else:
            raise RuntimeError(f"bad op {op}")
    return out, steps


def brainfuck(code):
    tape, ptr, pc, out = [0] * 300, 0, 0, []
    jumps, stack = {}, []
    for i, ch in enumerate(code):
        if ch == "[":
            stack.append(i)
        elif ch == "]":
            j = stack.pop()
            jumps[i], jumps[j] = j, i
    while pc < len(code):
        ch = code[pc]
        if ch == ">":
            ptr += 1
        elif ch == "<":
            ptr -= 1
        elif ch == "+":
            tape[ptr] = (tape[ptr] + 1) % 256
        elif ch == "-":
            tape[ptr] = (tape[ptr] - 1) % 256
        elif ch == ".":
            out.append(chr(tape[ptr]))
        elif ch == "[" and tape[ptr] == 0:
            pc = jumps[pc]
        elif ch == "]" and tape[ptr] != 0:
            pc = jumps[pc]
        pc += 1
    return "".join(out)


# factorial of 10 with a loop: acc n
factorial = [("push", 1), ("push", 10), ("label", "loop"), ("dup",), ("jz", "end"), ("dup",),
             ("push", 0), ("add",), ("swap",), ("over",), ("mul",), ("swap",), ("push", -1), ("add",),
             ("jmp", "loop"), ("label", "end"), ("drop",), ("print",)]
print(run_vm(factorial))
print(run_vm([("push", 2), ("push", 3), ("add",), ("dup",), ("mul",), ("print",)]))
hello = ("++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------.--------.>>+.")
print(repr(brainfuck(hello)))
try:
    run_vm([("push", 1), ("explode",)])
except RuntimeError as e:
    print("error:", e)

"""A reverse-polish-notation calculator with a dispatch table and error handling."""
import math

OPS = {
    "+": (2, lambda a, b: a + b),
    "-": (2, lambda a, b: a - b),
    "*": (2, lambda a, b: a * b),
    "/": (2, lambda a, b: a / b),
    "//": (2, lambda a, b: a // b),
    "%": (2, lambda a, b: a % b),
    "^": (2, lambda a, b: a ** b),
    "neg": (1, lambda a: -a),
    "sqrt": (1, math.sqrt),
    "max": (2, max),
}


class RPNError(Exception):
    pass


def evaluate(expr, variables=None):
    stack = []
    variables = variables or {}
    for tok in expr.split():
        if tok in OPS:
            arity, fn = OPS[tok]
            if len(stack) < arity:
                raise RPNError(f"'{tok}' needs {arity} operands, stack has {len(stack)}")
            args = stack[-arity:]
            del stack[-arity:]
            try:
                stack.append(fn(*args))
            except ZeroDivisionError:
                raise RPNError(f"division by zero in '{tok}'") from None
        elif tok == "dup":
            stack.append(stack[-1])
        elif tok == "swap":
            stack[-1], stack[-2] = stack[-2], stack[-1]
        elif tok in variables:
            stack.append(variables[tok])
        else:
            try:
                stack.append(int(tok))
            except ValueError:
                try:
                    stack.append(float(tok))
                except ValueError:
                    raise RPNError(f"unknown token {tok!r}") from None
    if len(stack) != 1:
        raise RPNError(f"expected one result, stack is {stack}")
    return stack[0]


tests = ["3 4 +", "5 1 2 + 4 * + 3 -", "2 3 ^ 2 ^", "2 0.5 ^", "7 2 //", "-7 2 %", "10 4 /",
         "x dup * y dup * + sqrt", "1 2 swap -", "2 100 ^", "1 +", "1 2", "4 0 /", "3 foo *", "9 neg 3 max"]
for t in tests:
    try:
        print(f"{t:28} => {evaluate(t, {'x': 3, 'y': 4})!r}")
    except RPNError as e:
        print(f"{t:28} !! {e}")

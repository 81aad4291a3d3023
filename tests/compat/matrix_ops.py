"""Matrix arithmetic on nested lists: multiply, transpose, determinant, solve."""


def mat_mul(a, b):
    return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]


def transpose(m):
    return [list(col) for col in zip(*m)]


def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]


def mat_pow(m, k):
    result = identity(len(m))
    while k:
        if k & 1:
            result = mat_mul(result, m)
        m = mat_mul(m, m)
        k >>= 1
    return result


def det(m):
    if len(m) == 1:
        return m[0][0]
    total = 0
    for c in range(len(m)):
        minor = [row[:c] + row[c + 1:] for row in m[1:]]
        total += (-1) ** c * m[0][c] * det(minor)
    return total


def solve(a, b):
    n = len(a)
    aug = [list(map(float, row)) + [float(v)] for row, v in zip(a, b)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(aug[r][col]))
        aug[col], aug[pivot] = aug[pivot], aug[col]
        for r in range(n):
            if r != col:
                f = aug[r][col] / aug[col][col]
                aug[r] = [x - f * y for x, y in zip(aug[r], aug[col])]
    return [round(aug[i][n] / aug[i][i], 9) for i in range(n)]


def show(name, m):
    print(name)
    width = max(len(str(x)) for row in m for x in row)
    for row in m:
        print("  [" + " ".join(str(x).rjust(width) for x in row) + "]")


a = [[1, 2, 3], [4, 5, 6]]
b = [[7, 8], [9, 10], [11, 12]]
show("a x b", mat_mul(a, b))
show("transpose(a)", transpose(a))
fib = mat_pow([[1, 1], [1, 0]], 90)
print("fib(90) via matrix power:", fib[0][1])
m = [[2, -1, 0, 3], [1, 4, 2, -2], [0, 3, -1, 1], [5, 0, 2, 2]]
print("det:", det(m))
print("det of identity(5):", det(identity(5)))
print("solution:", solve([[2, 1, -1], [-3, -1, 2], [-2, 1, 2]], [8, -11, -3]))
show("a^T a", mat_mul(transpose(a), a))

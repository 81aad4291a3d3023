# Dense linear algebra on lists of lists: matrix multiply (naive triple
# loop and a transposed-row version with zip), LU decomposition with
# partial pivoting, solving a linear system and checking the residual,
# and integer matrix powers for Fibonacci numbers.


def identity(n):
    return [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]


def make_matrix(n, seed):
    x = seed
    rows = []
    for i in range(n):
        row = []
        for j in range(n):
            x = (x * 1103515245 + 12345) % 2147483648
            row.append((x % 2000) / 1000.0 - 1.0 + (n if i == j else 0))
        rows.append(row)
    return rows


def matmul_naive(a, b):
    n, m, p = len(a), len(b), len(b[0])
    c = [[0.0] * p for _ in range(n)]
    for i in range(n):
        ci = c[i]
        ai = a[i]
        for k in range(m):
            aik = ai[k]
            bk = b[k]
            for j in range(p):
                ci[j] += aik * bk[j]
    return c


def matmul_zip(a, b):
    bt = list(zip(*b))
    return [[sum(x * y for x, y in zip(row, col)) for col in bt] for row in a]


def lu_decompose(a):
    n = len(a)
    lu = [row[:] for row in a]
    perm = list(range(n))
    for k in range(n):
        pivot = max(range(k, n), key=lambda r: abs(lu[r][k]))
        if pivot != k:
            lu[k], lu[pivot] = lu[pivot], lu[k]
            perm[k], perm[pivot] = perm[pivot], perm[k]
        for i in range(k + 1, n):
            factor = lu[i][k] / lu[k][k]
            lu[i][k] = factor
            row_i, row_k = lu[i], lu[k]
            for j in range(k + 1, n):
                row_i[j] -= factor * row_k[j]
    return lu, perm


def lu_solve(lu, perm, b):
    n = len(lu)
    y = [b[p] for p in perm]
    for i in range(n):
        y[i] -= sum(lu[i][j] * y[j] for j in range(i))
    x = [0.0] * n
    for i in range(n - 1, -1, -1):
        x[i] = (y[i] - sum(lu[i][j] * x[j] for j in range(i + 1, n))) / lu[i][i]
    return x


def mat_pow(m, e):
    result = [[1, 0], [0, 1]]
    while e:
        if e & 1:
            result = [[sum(result[i][k] * m[k][j] for k in range(2)) for j in range(2)] for i in range(2)]
        m = [[sum(m[i][k] * m[k][j] for k in range(2)) for j in range(2)] for i in range(2)]
        e >>= 1
    return result


n = 175
a = make_matrix(n, 1)
b = make_matrix(n, 2)
c1 = matmul_naive(a, b)
c2 = matmul_zip(a, b)
max_diff = max(abs(x - y) for r1, r2 in zip(c1, c2) for x, y in zip(r1, r2))
assert max_diff < 1e-9
same = matmul_naive(a, identity(n)) == a

lu, perm = lu_decompose(a)
rhs = [float(i % 7) for i in range(n)]
x = lu_solve(lu, perm, rhs)
residual = max(abs(sum(a[i][j] * x[j] for j in range(n)) - rhs[i]) for i in range(n))
assert residual < 1e-9

trace = sum(c1[i][i] for i in range(n))
fib = mat_pow([[1, 1], [1, 0]], 1000)[0][1]
print(f"{trace:.6f} {sum(map(sum, c2)):.6f} {same} {x[0]:.9f} {residual < 1e-9}")
print(len(str(fib)), fib % 1000000007)

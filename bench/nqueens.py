# N-queens: count all solutions by backtracking with sets of attacked
# columns and diagonals, and print the first solution of each size.


def solve(n):
    cols, diag1, diag2 = set(), set(), set()
    placement = []
    solutions = []

    def place(row):
        if row == n:
            solutions.append(tuple(placement))
            return
        for col in range(n):
            if col in cols or (row + col) in diag1 or (row - col) in diag2:
                continue
            cols.add(col)
            diag1.add(row + col)
            diag2.add(row - col)
            placement.append(col)
            place(row + 1)
            placement.pop()
            cols.remove(col)
            diag1.remove(row + col)
            diag2.remove(row - col)

    place(0)
    return solutions


def is_valid(solution):
    n = len(solution)
    for r1 in range(n):
        for r2 in range(r1 + 1, n):
            c1, c2 = solution[r1], solution[r2]
            if c1 == c2 or abs(c1 - c2) == r2 - r1:
                return False
    return True


def board(solution):
    n = len(solution)
    return "\n".join("".join("Q" if c == col else "." for c in range(n)) for col in solution)


for n in range(4, 12):
    sols = solve(n)
    assert all(is_valid(s) for s in sols)
    print(n, len(sols), sols[0])
sols = solve(12)
assert len(set(sols)) == len(sols)
print(12, len(sols), sum(sum(s) for s in sols))
print(board(sols[-1]))

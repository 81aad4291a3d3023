"""A constraint-propagating backtracking Sudoku solver."""

PUZZLE = """
53..7....
6..195...
.98....6.
8...6...3
4..8.3..1
7...2...6
.6....28.
...419..5
....8..79
"""


def parse(text):
    return [[int(ch) if ch != "." else 0 for ch in line] for line in text.split()]


def candidates(grid, r, c):
    used = set(grid[r]) | {grid[i][c] for i in range(9)}
    br, bc = 3 * (r // 3), 3 * (c // 3)
    used |= {grid[i][j] for i in range(br, br + 3) for j in range(bc, bc + 3)}
    return [d for d in range(1, 10) if d not in used]


def solve(grid, stats):
    best = None
    for r in range(9):
        for c in range(9):
            if grid[r][c] == 0:
                opts = candidates(grid, r, c)
                if best is None or len(opts) < len(best[2]):
                    best = (r, c, opts)
    if best is None:
        return True
    r, c, opts = best
    for d in opts:
        stats["tries"] += 1
        grid[r][c] = d
        if solve(grid, stats):
            return True
    grid[r][c] = 0
    stats["backtracks"] += 1
    return False


def show(grid):
    for i, row in enumerate(grid):
        if i and i % 3 == 0:
            print("------+-------+------")
        print(" | ".join(" ".join(str(d or ".") for d in row[k:k + 3]) for k in (0, 3, 6)))


grid = parse(PUZZLE)
show(grid)
stats = {"tries": 0, "backtracks": 0}
print("solved:", solve(grid, stats), stats)
show(grid)
ok = all(sorted(row) == list(range(1, 10)) for row in grid)
ok = ok and all(sorted(grid[r][c] for r in range(9)) == list(range(1, 10)) for c in range(9))
print("valid:", ok)

"""N-queens by backtracking, with the first solution drawn."""


def solve(n):
    solutions = []
    cols = set()
    diag1 = set()
    diag2 = set()
    board = []

    def place(row):
        if row == n:
            solutions.append(list(board))
            return
        for col in range(n):
            if col in cols or (row - col) in diag1 or (row + col) in diag2:
                continue
            cols.add(col)
            diag1.add(row - col)
            diag2.add(row + col)
            board.append(col)
            place(row + 1)
            board.pop()
            cols.remove(col)
            diag1.remove(row - col)
            diag2.remove(row + col)

    place(0)
    return solutions


def draw(solution):
    n = len(solution)
    for col in solution:
        print(" ".join("Q" if c == col else "." for c in range(n)))


for n in range(1, 9):
    sols = solve(n)
    print(f"{n} queens: {len(sols)} solutions")
first = solve(8)[0]
print("first solution for 8:", first)
draw(first)

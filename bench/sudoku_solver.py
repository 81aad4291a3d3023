# Sudoku solver: constraint propagation over sets of candidates plus
# backtracking search, in the object-oriented style of a puzzle library.


class Contradiction(Exception):
    pass


class Cell:
    def __init__(self, row, col):
        self.row = row
        self.col = col
        self.box = (row // 3) * 3 + col // 3
        self.candidates = set(range(1, 10))
        self.peers = []

    @property
    def solved(self):
        return len(self.candidates) == 1

    def value(self):
        return next(iter(self.candidates)) if self.solved else 0

    def __repr__(self):
        return f"Cell({self.row}, {self.col})"


class Board:
    def __init__(self):
        self.cells = [Cell(r, c) for r in range(9) for c in range(9)]
        self.units = []
        for i in range(9):
            self.units.append([c for c in self.cells if c.row == i])
            self.units.append([c for c in self.cells if c.col == i])
            self.units.append([c for c in self.cells if c.box == i])
        for cell in self.cells:
            peers = set()
            for unit in self.units:
                if cell in unit:
                    peers.update(unit)
            peers.discard(cell)
            cell.peers = sorted(peers, key=lambda p: (p.row, p.col))

    def snapshot(self):
        return [set(c.candidates) for c in self.cells]

    def restore(self, snap):
        for cell, cands in zip(self.cells, snap):
            cell.candidates = cands

    def assign(self, cell, digit):
        for other in list(cell.candidates):
            if other != digit:
                self.eliminate(cell, other)

    def eliminate(self, cell, digit):
        if digit not in cell.candidates:
            return
        cell.candidates.discard(digit)
        if not cell.candidates:
            raise Contradiction(cell)
        if len(cell.candidates) == 1:
            last = cell.value()
            for peer in cell.peers:
                self.eliminate(peer, last)

    def load(self, text):
        digits = [ch for ch in text if ch in "0123456789."]
        assert len(digits) == 81, len(digits)
        for cell, ch in zip(self.cells, digits):
            if ch not in "0.":
                self.assign(cell, int(ch))

    def is_solved(self):
        return all(c.solved for c in self.cells)

    def render(self):
        return "".join(str(c.value()) for c in self.cells)


class Solver:
    def __init__(self, board):
        self.board = board
        self.guesses = 0

    def solve(self):
        board = self.board
        if board.is_solved():
            return True
        cell = min((c for c in board.cells if not c.solved),
                   key=lambda c: (len(c.candidates), c.row, c.col))
        for digit in sorted(cell.candidates):
            snap = board.snapshot()
            self.guesses += 1
            try:
                board.assign(cell, digit)
                if self.solve():
                    return True
            except Contradiction:
                pass
            board.restore(snap)
        return False


def check(grid):
    rows = [grid[i * 9:(i + 1) * 9] for i in range(9)]
    cols = ["".join(r[i] for r in rows) for i in range(9)]
    boxes = ["".join(rows[r][c] for r in range(br, br + 3) for c in range(bc, bc + 3))
             for br in (0, 3, 6) for bc in (0, 3, 6)]
    return all(sorted(u) == list("123456789") for u in rows + cols + boxes)


PUZZLES = [
    "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......",
    "52...6.........7.13...........4..8..6......5...........418.........3..2...87.....",
    "6.....8.3.4.7.................5.4.7.3..2.....1.6.......2.....5.....8.6......1....",
    "48.3............71.2.......7.5....6....2..8.............1.76...3.....4......5....",
    "....14....3....2...7..........9...3.6.1.............8.2.....1.4....5.6.....7.8...",
    ".524.........7.1..............8.2...3.....6...9.5.....1.6.3...........897........",
    "85...24..72......9..4.........1.7..23.5...9...4...........8..7..17..........36.4.",
    "..53.....8......2..7..1.5..4....53...1..7...6..32...8..6.5....9..4....3......97..",
]

total_guesses = 0
checksum = 0
for puzzle in PUZZLES:
    board = Board()
    board.load(puzzle)
    solver = Solver(board)
    assert solver.solve(), puzzle
    grid = board.render()
    assert check(grid), grid
    total_guesses += solver.guesses
    checksum = (checksum * 31 + int(grid[:18])) % 1_000_000_007
print(len(PUZZLES), total_guesses, checksum)

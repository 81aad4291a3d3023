# Towers of Hanoi with the pegs as lists: the recursive solution, the
# iterative one (smallest disc moves cyclically), and a checker that
# replays every move and refuses a larger disc on a smaller one.


class IllegalMove(Exception):
    pass


class Towers:
    def __init__(self, discs):
        self.pegs = [list(range(discs, 0, -1)), [], []]
        self.moves = 0

    def move(self, src, dst):
        if not self.pegs[src]:
            raise IllegalMove(f"peg {src} is empty")
        disc = self.pegs[src][-1]
        if self.pegs[dst] and self.pegs[dst][-1] < disc:
            raise IllegalMove(f"disc {disc} onto {self.pegs[dst][-1]}")
        self.pegs[dst].append(self.pegs[src].pop())
        self.moves += 1

    def done(self, target):
        n = sum(len(p) for p in self.pegs)
        return self.pegs[target] == list(range(n, 0, -1))


def solve_recursive(n, src, dst, spare, out):
    if n == 0:
        return
    solve_recursive(n - 1, src, spare, dst, out)
    out.append((src, dst))
    solve_recursive(n - 1, spare, dst, src, out)


def solve_iterative(n):
    towers = Towers(n)
    order = [0, 1, 2] if n % 2 == 0 else [0, 2, 1]
    small_at = 0
    moves = []
    total = 2 ** n - 1
    while len(moves) < total:
        nxt = order[(order.index(small_at) + 1) % 3]
        towers.move(small_at, nxt)
        moves.append((small_at, nxt))
        small_at = nxt
        if len(moves) == total:
            break
        a, b = [p for p in range(3) if p != small_at]
        pa, pb = towers.pegs[a], towers.pegs[b]
        if not pa or (pb and pb[-1] < pa[-1]):
            a, b = b, a
        towers.move(a, b)
        moves.append((a, b))
    return moves, towers


checksum = 0
for n in range(10, 19):
    moves = []
    solve_recursive(n, 0, 2, 1, moves)
    towers = Towers(n)
    for src, dst in moves:
        towers.move(src, dst)
    assert towers.done(2) and towers.moves == 2 ** n - 1
    it_moves, it_towers = solve_iterative(n)
    assert it_moves == moves, n
    checksum = (checksum * 7 + sum(s * 3 + d for s, d in moves)) % 1_000_003

rejected = 0
towers = Towers(3)
for src, dst in [(0, 1), (0, 1), (2, 0), (1, 2), (0, 2)]:
    try:
        towers.move(src, dst)
    except IllegalMove:
        rejected += 1
print(checksum, rejected, towers.pegs)

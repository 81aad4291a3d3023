# Conway's Game of Life on a list-of-lists grid that wraps at the edges,
# seeded with a few classic patterns and random soup, plus a second
# implementation on a set of live cells to cross-check each generation.
import random


def make_grid(width, height):
    return [[0] * width for _ in range(height)]


def place(grid, pattern, top, left):
    for dy, row in enumerate(pattern.strip().splitlines()):
        for dx, ch in enumerate(row.strip()):
            if ch == "#":
                grid[(top + dy) % len(grid)][(left + dx) % len(grid[0])] = 1


def step(grid):
    height, width = len(grid), len(grid[0])
    new = make_grid(width, height)
    for y in range(height):
        up = grid[y - 1]
        row = grid[y]
        down = grid[(y + 1) % height]
        new_row = new[y]
        for x in range(width):
            left = x - 1
            right = (x + 1) % width
            n = (up[left] + up[x] + up[right] + row[left] + row[right]
                 + down[left] + down[x] + down[right])
            if n == 3 or (n == 2 and row[x]):
                new_row[x] = 1
    return new


def step_sparse(live, width, height):
    counts = {}
    for (x, y) in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    key = ((x + dx) % width, (y + dy) % height)
                    counts[key] = counts.get(key, 0) + 1
    return {cell for cell, n in counts.items() if n == 3 or (n == 2 and cell in live)}


def live_cells(grid):
    return {(x, y) for y, row in enumerate(grid) for x, v in enumerate(row) if v}


GLIDER = """
.#.
..#
###
"""
LWSS = """
.#..#
#....
#...#
####.
"""
PULSAR_QUARTER = """
..###...
........
#....#..
#....#..
#....#..
..###...
"""

width, height = 96, 64
grid = make_grid(width, height)
place(grid, GLIDER, 1, 1)
place(grid, LWSS, 10, 20)
place(grid, PULSAR_QUARTER, 30, 40)
rng = random.Random(3)
for _ in range(1000):
    grid[rng.randrange(height)][rng.randrange(width)] = 1

live = live_cells(grid)
history = []
for gen in range(500):
    grid = step(grid)
    live = step_sparse(live, width, height)
    population = sum(map(sum, grid))
    history.append(population)
    if gen % 10 == 9:
        assert live == live_cells(grid), gen
print(history[:10], history[-5:], sum(history))
print("\n".join("".join("#" if v else "." for v in row) for row in grid[:6]))

"""Conway's Game of Life on a small torus: a glider and a blinker."""


def parse(picture):
    return {(r, c) for r, line in enumerate(picture.strip().splitlines()) for c, ch in enumerate(line) if ch == "#"}


def step(cells, rows, cols):
    counts = {}
    for r, c in cells:
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                if dr or dc:
                    key = ((r + dr) % rows, (c + dc) % cols)
                    counts[key] = counts.get(key, 0) + 1
    return {cell for cell, n in counts.items() if n == 3 or (n == 2 and cell in cells)}


def render(cells, rows, cols):
    return "\n".join("".join("#" if (r, c) in cells else "." for c in range(cols)) for r in range(rows))


glider = parse("""
.#.
..#
###
""")
rows, cols = 6, 6
cells = glider
for gen in range(5):
    print(f"generation {gen}: {len(cells)} alive")
    print(render(cells, rows, cols))
    cells = step(cells, rows, cols)
for _ in range(19):
    cells = step(cells, rows, cols)
print("after 24 generations the glider is back:", cells == glider)
blinker = {(2, 1), (2, 2), (2, 3)}
history = [blinker]
for _ in range(4):
    history.append(step(history[-1], 5, 5))
print("blinker period 2:", history[0] == history[2] == history[4], history[1] == history[3], sorted(history[1]))

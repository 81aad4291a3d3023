"""BFS on a grid maze, DFS topological sort, and Dijkstra with heapq."""
import heapq
from collections import deque

MAZE = [
    "S.#.......",
    ".##.####..",
    "....#..#.#",
    "#.#.#.##..",
    "..#...#..E",
]


def bfs(maze):
    rows, cols = len(maze), len(maze[0])
    start = next((r, c) for r in range(rows) for c in range(cols) if maze[r][c] == "S")
    prev = {start: None}
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        if maze[r][c] == "E":
            path = []
            node = (r, c)
            while node:
                path.append(node)
                node = prev[node]
            return path[::-1]
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and maze[nr][nc] != "#" and (nr, nc) not in prev:
                prev[(nr, nc)] = (r, c)
                queue.append((nr, nc))
    return None


def topo_sort(deps):
    order, state = [], {}

    def visit(n):
        if state.get(n) == "done":
            return
        if state.get(n) == "visiting":
            raise ValueError(f"cycle at {n}")
        state[n] = "visiting"
        for d in sorted(deps.get(n, ())):
            visit(d)
        state[n] = "done"
        order.append(n)

    for n in sorted(deps):
        visit(n)
    return order


def dijkstra(graph, src):
    dist = {src: 0}
    heap = [(0, src)]
    while heap:
        d, node = heapq.heappop(heap)
        if d > dist.get(node, float("inf")):
            continue
        for nxt, w in graph[node]:
            nd = d + w
            if nd < dist.get(nxt, float("inf")):
                dist[nxt] = nd
                heapq.heappush(heap, (nd, nxt))
    return dist


path = bfs(MAZE)
print("shortest path length:", len(path) - 1)
grid = [list(row) for row in MAZE]
for r, c in path[1:-1]:
    grid[r][c] = "*"
print("\n".join("".join(row) for row in grid))
deps = {"app": ["lib", "utils"], "lib": ["core"], "utils": ["core", "log"], "core": [], "log": [], "tests": ["app"]}
print("build order:", topo_sort(deps))
try:
    topo_sort({"a": ["b"], "b": ["a"]})
except ValueError as e:
    print("error:", e)
graph = {"A": [("B", 4), ("C", 2)], "B": [("C", 5), ("D", 10)], "C": [("E", 3)], "D": [("F", 11)], "E": [("D", 4)], "F": []}
print("distances:", dict(sorted(dijkstra(graph, "A").items())))

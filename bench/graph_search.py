# Graph algorithms over a dict-of-dicts weighted graph (a road-map-like
# grid with random shortcuts): BFS hop counts, Dijkstra with heapq and path
# reconstruction, connected components after removing edges.
import heapq
import random
from collections import deque


def build_graph(rng, width, height):
    graph = {}

    def add_edge(a, b, w):
        graph.setdefault(a, {})[b] = w
        graph.setdefault(b, {})[a] = w

    for y in range(height):
        for x in range(width):
            node = f"{x},{y}"
            graph.setdefault(node, {})
            if x + 1 < width:
                add_edge(node, f"{x + 1},{y}", rng.randint(1, 9))
            if y + 1 < height:
                add_edge(node, f"{x},{y + 1}", rng.randint(1, 9))
    nodes = sorted(graph)
    for _ in range(width * height // 10):
        a, b = rng.choice(nodes), rng.choice(nodes)
        if a != b:
            add_edge(a, b, rng.randint(5, 30))
    return graph


def bfs(graph, start):
    dist = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nb in graph[node]:
            if nb not in dist:
                dist[nb] = dist[node] + 1
                queue.append(nb)
    return dist


def dijkstra(graph, start):
    dist = {start: 0}
    prev = {}
    heap = [(0, start)]
    done = set()
    while heap:
        d, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        for nb, w in graph[node].items():
            nd = d + w
            if nd < dist.get(nb, float("inf")):
                dist[nb] = nd
                prev[nb] = node
                heapq.heappush(heap, (nd, nb))
    return dist, prev


def path_to(prev, start, goal):
    path = [goal]
    while path[-1] != start:
        path.append(prev[path[-1]])
    path.reverse()
    return path


def components(graph):
    seen = set()
    sizes = []
    for node in sorted(graph):
        if node in seen:
            continue
        stack = [node]
        seen.add(node)
        size = 0
        while stack:
            cur = stack.pop()
            size += 1
            for nb in graph[cur]:
                if nb not in seen:
                    seen.add(nb)
                    stack.append(nb)
        sizes.append(size)
    return sorted(sizes, reverse=True)


rng = random.Random(7)
graph = build_graph(rng, 120, 120)
edges = sum(len(v) for v in graph.values()) // 2
hops = bfs(graph, "0,0")
total = 0
for source in ["0,0", "119,119"] + [f"{i * 37 % 120},{i * 53 % 120}" for i in range(1, 13)]:
    dist, prev = dijkstra(graph, source)
    far = max(dist, key=lambda n: (dist[n], n))
    path = path_to(prev, source, far)
    assert sum(graph[a][b] for a, b in zip(path, path[1:])) == dist[far]
    total += sum(dist.values())
    print(source, far, dist[far], len(path))

cut = {node: dict(nbs) for node, nbs in graph.items()}
for node in sorted(cut):
    for nb in sorted(cut[node]):
        if cut[node][nb] > 6 and nb in cut[node]:
            del cut[node][nb]
            del cut[nb][node]
sizes = components(cut)
print(len(graph), edges, max(hops.values()), total, len(sizes), sizes[:5])

"""Dynamic programming: knapsack, longest common subsequence, edit distance, coins."""


def knapsack(items, capacity):
    best = [[0] * (capacity + 1) for _ in range(len(items) + 1)]
    for i, (name, weight, value) in enumerate(items, 1):
        for c in range(capacity + 1):
            best[i][c] = best[i - 1][c]
            if weight <= c:
                best[i][c] = max(best[i][c], best[i - 1][c - weight] + value)
    chosen, c = [], capacity
    for i in range(len(items), 0, -1):
        if best[i][c] != best[i - 1][c]:
            chosen.append(items[i - 1][0])
            c -= items[i - 1][1]
    return best[-1][-1], chosen[::-1]


def lcs(a, b):
    dp = [[""] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            if a[i] == b[j]:
                dp[i][j] = a[i] + dp[i + 1][j + 1]
            else:
                dp[i][j] = max(dp[i + 1][j], dp[i][j + 1], key=len)
    return dp[0][0]


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def coin_ways(coins, amount):
    ways = [1] + [0] * amount
    for coin in coins:
        for v in range(coin, amount + 1):
            ways[v] += ways[v - coin]
    return ways[amount]


def min_coins(coins, amount):
    inf = float("inf")
    best = [0] + [inf] * amount
    for v in range(1, amount + 1):
        for coin in coins:
            if coin <= v and best[v - coin] + 1 < best[v]:
                best[v] = best[v - coin] + 1
    return best[amount] if best[amount] != inf else None


items = [("map", 9, 150), ("compass", 13, 35), ("water", 153, 200), ("sandwich", 50, 160),
         ("glucose", 15, 60), ("tin", 68, 45), ("banana", 27, 60), ("apple", 39, 40), ("cheese", 23, 30)]
print("knapsack:", knapsack(items, 200))
for a, b in [("ABCBDAB", "BDCABA"), ("dynamic", "programming"), ("", "abc")]:
    print(f"lcs({a!r}, {b!r}) = {lcs(a, b)!r}")
for a, b in [("kitten", "sitting"), ("flaw", "lawn"), ("intention", "execution"), ("same", "same")]:
    print(f"edit({a}, {b}) = {edit_distance(a, b)}")
print("ways to make 100 from [1, 5, 10, 25, 50]:", coin_ways([1, 5, 10, 25, 50], 100))
print("ways to make 200 pence in UK coins:", coin_ways([1, 2, 5, 10, 20, 50, 100, 200], 200))
print("min coins:", min_coins([1, 5, 6, 9], 11), min_coins([5, 10], 3), min_coins([7, 3], 20))
